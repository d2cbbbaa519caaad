#ifndef THRESHER_CIMAGECODECS_SHIM_H
#define THRESHER_CIMAGECODECS_SHIM_H
/* Debian's libjpeg62-turbo-dev and libpng-dev: decoding thumbnails for perceptual hashes. */
#include <stdio.h>
#include <jpeglib.h>
#include <png.h>
#endif
