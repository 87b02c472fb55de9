/* A shared object that is not a wasmaot artifact (no wasmaot_* symbols).
 * Its constructor sets an environment variable: the loader must refuse the
 * file before dlopen could run it. */
#include <stdlib.h>

int wasmaot_not_an_artifact(void) { return 42; }

__attribute__((constructor)) static void ranConstructor(void) {
  setenv("WASMAOT_TEST_CTOR_RAN", "1", 1);
}
