// libxml2 for Swift, without its ICU headers.
//
// Debian's libxml2 is built with ICU and its headers include the system's <unicode/ucnv.h>;
// Foundation on Linux bundles its own ICU, and the two clash (`UErrorCode` declared twice) in any
// module that imports both. PeerDesk never uses libxml2's ICU encoding handlers, so the switch is
// turned off before the headers we use are included.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
