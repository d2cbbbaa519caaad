#ifndef THRESHER_CLIBXML2_SHIM_H
#define THRESHER_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU; its headers then clash with Foundation's ICU.
   Include the version header first and switch ICU off before the rest. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>

/* xmlFree is a C global variable, which Swift 6 strict concurrency rejects. */
static inline void thresher_xmlFree(void *p) { xmlFree(p); }
#endif
