// WASI preview1 sock_accept/recv/send/shutdown. The guest can only reach
// sockets the embedder preopened (WasiConfig::PreopenSockets) and the
// connections accepted from them: preview1 has no way to create one. So by
// default every sock_* call meets EBADF (no such fd) or ENOTSOCK (a file).
#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wasi_internal.h"

namespace wasmaot::runtime::wasi {

namespace {

Errno lookupSock(Call &C, uint32_t Fd, Rights Need, FdEntry *&E) {
  E = C.Ctx.get(Fd);
  if (!E)
    return Errno::BadF;
  if (!E->isSocket())
    return Errno::NotSock;
  return lookupFd(C, Fd, Need, std::nullopt, E);
}

Errno sockAccept(Call &C, uint32_t Fd, uint32_t Flags, uint32_t FdPtr) {
  FdEntry *E;
  WASI_TRY(lookupSock(C, Fd, R::SockAccept, E));
  if (Flags & ~uint32_t(FdFlags::NonBlock))
    return Errno::Inval;
  if (!C.Mem.ok(FdPtr, 4))
    return Errno::Fault;
  int H;
  do
    H = accept4(E->HostFd, nullptr, nullptr,
                SOCK_CLOEXEC | ((Flags & FdFlags::NonBlock) ? SOCK_NONBLOCK : 0));
  while (H < 0 && errno == EINTR);
  if (H < 0)
    return lastErrno();
  auto N = std::make_unique<FdEntry>();
  N->HostFd = H;
  N->Type = E->Type;
  N->Base = R::Socket & ~R::SockAccept;
  C.Mem.store<uint32_t>(FdPtr, C.Ctx.insert(std::move(N)));
  return Errno::Success;
}

Errno sockRecv(Call &C, uint32_t Fd, uint32_t Iovs, uint32_t N,
               uint32_t RiFlags, uint32_t LenPtr, uint32_t FlagsPtr) {
  FdEntry *E;
  WASI_TRY(lookupSock(C, Fd, R::FdRead, E));
  if (RiFlags & ~3u) // recv_peek | recv_waitall
    return Errno::Inval;
  std::vector<struct iovec> V;
  WASI_TRY(loadIovecs(C.Mem, Iovs, N, V));
  if (!C.Mem.ok(LenPtr, 4) || !C.Mem.ok(FlagsPtr, 2))
    return Errno::Fault;
  struct msghdr M = {};
  M.msg_iov = V.data();
  M.msg_iovlen = V.size();
  int F = ((RiFlags & 1) ? MSG_PEEK : 0) | ((RiFlags & 2) ? MSG_WAITALL : 0);
  ssize_t K;
  do
    K = recvmsg(E->HostFd, &M, F);
  while (K < 0 && errno == EINTR);
  if (K < 0)
    return lastErrno();
  C.Mem.store<uint32_t>(LenPtr, uint32_t(K));
  C.Mem.store<uint16_t>(FlagsPtr, (M.msg_flags & MSG_TRUNC) ? 1 : 0);
  return Errno::Success;
}

Errno sockSend(Call &C, uint32_t Fd, uint32_t Iovs, uint32_t N,
               uint32_t SiFlags, uint32_t LenPtr) {
  FdEntry *E;
  WASI_TRY(lookupSock(C, Fd, R::FdWrite, E));
  if (SiFlags != 0) // siflags has no flags defined
    return Errno::Inval;
  std::vector<struct iovec> V;
  WASI_TRY(loadIovecs(C.Mem, Iovs, N, V));
  if (!C.Mem.ok(LenPtr, 4))
    return Errno::Fault;
  struct msghdr M = {};
  M.msg_iov = V.data();
  M.msg_iovlen = V.size();
  ssize_t K;
  do // MSG_NOSIGNAL: a closed peer is EPIPE, never SIGPIPE in the host
    K = sendmsg(E->HostFd, &M, MSG_NOSIGNAL);
  while (K < 0 && errno == EINTR);
  if (K < 0)
    return lastErrno();
  C.Mem.store<uint32_t>(LenPtr, uint32_t(K));
  return Errno::Success;
}

Errno sockShutdown(Call &C, uint32_t Fd, uint32_t How) {
  FdEntry *E;
  WASI_TRY(lookupSock(C, Fd, R::SockShutdown, E));
  static const int Map[] = {-1, SHUT_RD, SHUT_WR, SHUT_RDWR};
  if (How == 0 || How > 3)
    return Errno::Inval;
  return shutdown(E->HostFd, Map[How]) == 0 ? Errno::Success : lastErrno();
}

} // namespace

void registerSock(Registrar &R) {
  R.add("sock_accept", sockAccept);
  R.add("sock_recv", sockRecv);
  R.add("sock_send", sockSend);
  R.add("sock_shutdown", sockShutdown);
}

} // namespace wasmaot::runtime::wasi
