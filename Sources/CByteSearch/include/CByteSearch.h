// Byte searches for Swift that C does with vector instructions: glibc's memmem (the Glibc module
// is built without _GNU_SOURCE, so it does not declare it) and a count the compiler vectorizes.
#ifndef PEERDESK_CBYTESEARCH_H
#define PEERDESK_CBYTESEARCH_H

#include <stddef.h>

/// The first occurrence of `needle` in `haystack`, or NULL (memmem(3)).
const void *peerdesk_memmem(const void *haystack, size_t haystack_length, const void *needle,
                            size_t needle_length);

/// How many of the `length` bytes are in the base64 alphabet, standard (`+/`) or URL-safe (`-_`).
size_t peerdesk_base64_alphabet_count(const unsigned char *bytes, size_t length);

#endif
