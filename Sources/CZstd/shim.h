#ifndef THRESHER_CZSTD_SHIM_H
#define THRESHER_CZSTD_SHIM_H
/* Debian's libzstd-dev: compression with trained dictionaries (zdict.h). */
#define ZDICT_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zdict.h>
#endif
