/* A shared object that is not a wasmaot artifact (no wasmaot_* symbols). */
int wasmaot_not_an_artifact(void) { return 42; }
