addEventListener('fetch', (event) => event.respondWith((async () => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.pathname === '/throw') throw new Error('boom');
  const body = await req.text();
  return new Response(`js ${req.method} ${url.pathname}${url.search} body=${body.length}\n`, {
    status: 200, headers: { 'content-type': 'text/plain', 'x-engine': 'starlingmonkey' },
  });
})()));
