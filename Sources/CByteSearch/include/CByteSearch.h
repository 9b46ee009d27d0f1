// glibc's memmem (vectorized substring search) for Swift: the Glibc module is built without
// _GNU_SOURCE, so it does not declare it.
#ifndef PEERDESK_CBYTESEARCH_H
#define PEERDESK_CBYTESEARCH_H

#include <stddef.h>

/// The first occurrence of `needle` in `haystack`, or NULL (memmem(3)).
const void *peerdesk_memmem(const void *haystack, size_t haystack_length, const void *needle,
                            size_t needle_length);

#endif
