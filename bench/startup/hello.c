/* The hello command of bench/startup.sh, built natively and for wasm32-wasi. */
#include <stdio.h>

int main(void) {
  puts("hello, world");
  return 0;
}
