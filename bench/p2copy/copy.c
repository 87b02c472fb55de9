// Copies argv[1] to argv[2] in 64 KiB reads and writes: the WASI 0.2 bulk
// I/O benchmark of bench/p2copy.sh (a component through the preview1 adapter).
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  if (argc < 3) return 2;
  FILE *In = fopen(argv[1], "rb"), *Out = fopen(argv[2], "wb");
  if (!In || !Out) { perror("open"); return 1; }
  static char Buf[65536];
  size_t N, Total = 0;
  setvbuf(In, NULL, _IONBF, 0);
  setvbuf(Out, NULL, _IONBF, 0);
  while ((N = fread(Buf, 1, sizeof Buf, In)) > 0) {
    if (fwrite(Buf, 1, N, Out) != N) { perror("write"); return 1; }
    Total += N;
  }
  fclose(Out);
  printf("copied %zu bytes\n", Total);
  return 0;
}
