#ifndef THRESHER_IMAGE_H
#define THRESHER_IMAGE_H
/* Safe thumbnail decoding over libjpeg-turbo and libpng: corrupt, truncated or hostile data comes back as a
 * status and a message, never as a call to exit() or a longjmp into Swift. */
#include <stddef.h>
#include <stdint.h>

/** How a decode ended. */
typedef enum {
    THRESHER_IMAGE_OK = 0,
    /** The data is not a readable image of its format (the message says what the library found). */
    THRESHER_IMAGE_CORRUPT = 1,
    /** The data ends before the image does. */
    THRESHER_IMAGE_TRUNCATED = 2,
    /** The image declares more pixels than allowed (a decompression bomb, or no thumbnail). */
    THRESHER_IMAGE_TOO_LARGE = 3,
    /** Memory for the pixels could not be had. */
    THRESHER_IMAGE_NO_MEMORY = 4,
} thresher_image_status;

/** Decoded pixels, rows top to bottom, no padding. */
typedef struct {
    /** width * height * channels bytes, allocated with malloc: release with thresher_image_free. */
    uint8_t *pixels;
    int32_t width;
    int32_t height;
    /** 1: 8-bit gray (JPEG); 4: 8-bit sRGB with straight alpha, R G B A (PNG). */
    int32_t channels;
    /** Declared size of the image in the file (before any scaled decoding). */
    int32_t source_width;
    int32_t source_height;
    /** The library's message when the status is not OK. */
    char message[200];
} thresher_image;

/** Decodes a JPEG to 8-bit gray (the luma channel; CMYK through RGB), scaled down by 1/2, 1/4 or 1/8 as long
 *  as both sides stay at least min_side pixels. Images over max_pixels (declared) are refused before decoding. */
thresher_image_status thresher_decode_jpeg(const uint8_t *data, size_t size, int32_t min_side, int64_t max_pixels,
                                           thresher_image *out);

/** Decodes a PNG (any bit depth, palette, gray, alpha; 16-bit samples read as sRGB) to 8-bit RGBA. Images over
 *  max_pixels (declared) are refused before decoding. */
thresher_image_status thresher_decode_png(const uint8_t *data, size_t size, int64_t max_pixels, thresher_image *out);

/** Releases the pixels of a decoded image (safe on an image whose decode failed). */
void thresher_image_free(thresher_image *image);

/** The versions of the libraries linked, e.g. "libjpeg-turbo 62 / libpng 1.6.39". */
const char *thresher_image_library_versions(void);
#endif
