#define _GNU_SOURCE
#include <string.h>

#include "CByteSearch.h"

const void *peerdesk_memmem(const void *haystack, size_t haystack_length, const void *needle,
                            size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}

size_t peerdesk_base64_alphabet_count(const unsigned char *bytes, size_t length) {
    // No branch and no table, and a byte-wide count over blocks of 240 bytes (a multiple of 16
    // that fits in a byte): a loop the compiler turns into 16-byte vector compares and adds.
    size_t count = 0;
    for (size_t start = 0; start < length; start += 240) {
        size_t end = length - start < 240 ? length : start + 240;
        unsigned char block = 0;
        for (size_t index = start; index < end; index++) {
            unsigned char byte = bytes[index];
            unsigned char folded = byte | 0x20; // "A"-"Z" onto "a"-"z"
            block += ((unsigned char)(folded - 'a') < 26) | ((unsigned char)(byte - '0') < 10) |
                     (byte == '+') | (byte == '/') | (byte == '-') | (byte == '_');
        }
        count += block;
    }
    return count;
}
