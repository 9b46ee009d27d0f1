// libFuzzer's driver, for an entry that has its own main (SwiftPM names an executable's entry
// point itself, so the runtime's main cannot be the program's).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
