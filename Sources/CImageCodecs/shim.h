#ifndef THRESHER_CIMAGECODECS_SHIM_H
#define THRESHER_CIMAGECODECS_SHIM_H
/* Debian's libjpeg62-turbo-dev and libpng-dev: decoding thumbnails for perceptual hashes.
 *
 * Only the headers and the link lines live here. libjpeg reports a fatal error by calling its error manager's
 * error_exit, which must not return, and libpng's low-level API longjmps: neither can be caught from Swift, so
 * every call into them that can fail goes through the C target CImageShim (setjmp around libjpeg; libpng's
 * simplified API, which catches its own errors). Swift code uses CImageShim, not these functions directly. */
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#endif
