#ifndef THRESHER_COPENBLAS_SHIM_H
#define THRESHER_COPENBLAS_SHIM_H
/* Debian's libopenblas-dev: the CBLAS interface (cblas_sgemm) of OpenBLAS. */
#include <cblas.h>
#endif
