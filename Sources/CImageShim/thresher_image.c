/* Thumbnail decoding with every library error caught here, in C, where setjmp/longjmp are allowed. */
#include "thresher_image.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

static void set_message(thresher_image *out, const char *text) {
    snprintf(out->message, sizeof out->message, "%s", text);
}

/* ---- JPEG ---------------------------------------------------------------------------------------------- */

/* libjpeg's error manager with a way out: error_exit longjmps back to thresher_decode_jpeg, which destroys the
 * decompressor (freeing everything libjpeg allocated) and returns a status; the default one calls exit(). */
struct thresher_jpeg_error {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    int truncated;
};

static void thresher_jpeg_error_exit(j_common_ptr cinfo) {
    struct thresher_jpeg_error *error = (struct thresher_jpeg_error *)cinfo->err;
    longjmp(error->jump, 1);
}

/* Warnings are not printed. Premature end of data is fatal here (libjpeg would fill the rest with gray, and the
 * hash would describe a half-grey picture); other warnings (extraneous bytes, ...) are counted and ignored. */
static void thresher_jpeg_emit_message(j_common_ptr cinfo, int level) {
    struct thresher_jpeg_error *error = (struct thresher_jpeg_error *)cinfo->err;
    if (level < 0) {
        if (error->pub.msg_code == JWRN_JPEG_EOF) {
            error->truncated = 1;
            longjmp(error->jump, 1);
        }
        error->pub.num_warnings++;
    }
}

static void thresher_jpeg_output_message(j_common_ptr cinfo) { (void)cinfo; }

static inline uint8_t luma(int r, int g, int b) {
    /* ITU-R 601, as a JPEG's Y channel and PIL's convert("L"). */
    return (uint8_t)((r * 299 + g * 587 + b * 114 + 500) / 1000);
}

thresher_image_status thresher_decode_jpeg(const uint8_t *data, size_t size, int32_t min_side, int64_t max_pixels,
                                           thresher_image *out) {
    memset(out, 0, sizeof *out);
    struct jpeg_decompress_struct cinfo;
    struct thresher_jpeg_error error;
    uint8_t *volatile pixels = NULL;
    uint8_t *volatile row = NULL;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&error.pub);
    error.pub.error_exit = thresher_jpeg_error_exit;
    error.pub.emit_message = thresher_jpeg_emit_message;
    error.pub.output_message = thresher_jpeg_output_message;
    error.truncated = 0;
    if (setjmp(error.jump)) {
        thresher_image_status status = THRESHER_IMAGE_CORRUPT;
        if (error.truncated) {
            status = THRESHER_IMAGE_TRUNCATED;
            set_message(out, "premature end of JPEG data");
        } else {
            char text[JMSG_LENGTH_MAX];
            error.pub.format_message((j_common_ptr)&cinfo, text);
            set_message(out, text);
            if (error.pub.msg_code == JERR_OUT_OF_MEMORY) status = THRESHER_IMAGE_NO_MEMORY;
        }
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(row);
        return status;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    out->source_width = (int32_t)cinfo.image_width;
    out->source_height = (int32_t)cinfo.image_height;
    if ((int64_t)cinfo.image_width * (int64_t)cinfo.image_height > max_pixels) {
        snprintf(out->message, sizeof out->message, "%ux%u pixels", cinfo.image_width, cinfo.image_height);
        jpeg_destroy_decompress(&cinfo);
        return THRESHER_IMAGE_TOO_LARGE;
    }
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_GRAYSCALE;
    cinfo.scale_num = 1;
    cinfo.scale_denom = 1;
    for (unsigned denom = 8; denom > 1; denom /= 2) {
        unsigned w = (cinfo.image_width + denom - 1) / denom, h = (cinfo.image_height + denom - 1) / denom;
        if (w >= (unsigned)min_side && h >= (unsigned)min_side) {
            cinfo.scale_denom = denom;
            break;
        }
    }
    jpeg_start_decompress(&cinfo);
    size_t width = cinfo.output_width, height = cinfo.output_height, components = (size_t)cinfo.output_components;
    pixels = malloc(width * height);
    row = malloc(width * components);
    if (!pixels || !row) {
        set_message(out, "out of memory");
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(row);
        return THRESHER_IMAGE_NO_MEMORY;
    }
    /* Adobe writes CMYK inverted (0 = full ink), as nearly every CMYK JPEG in the wild. */
    int inverted = cinfo.saw_Adobe_marker;
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[1] = { row };
        size_t y = cinfo.output_scanline;
        if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) break;
        uint8_t *target = pixels + y * width;
        if (components == 1) {
            memcpy(target, row, width);
        } else {
            for (size_t x = 0; x < width; x++) {
                const uint8_t *p = row + x * 4;
                int c = p[0], m = p[1], ye = p[2], k = p[3];
                if (!inverted) { c = 255 - c; m = 255 - m; ye = 255 - ye; k = 255 - k; }
                target[x] = luma(c * k / 255, m * k / 255, ye * k / 255);
            }
        }
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(row);
    out->pixels = pixels;
    out->width = (int32_t)width;
    out->height = (int32_t)height;
    out->channels = 1;
    return THRESHER_IMAGE_OK;
}

/* ---- PNG ----------------------------------------------------------------------------------------------- */

/* libpng's messages for data that ends too soon ("read beyond end of data", "Not enough image data", ...). */
static thresher_image_status png_failure(const char *message) {
    if (strstr(message, "beyond end") || strstr(message, "Not enough") || strstr(message, "runcat")
        || strstr(message, "EOF") || strstr(message, "unexpected end")) return THRESHER_IMAGE_TRUNCATED;
    return THRESHER_IMAGE_CORRUPT;
}

/* libpng's simplified API catches its own errors (it setjmps inside libpng) and reports them in image.message. */
thresher_image_status thresher_decode_png(const uint8_t *data, size_t size, int64_t max_pixels, thresher_image *out) {
    memset(out, 0, sizeof *out);
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) {
        thresher_image_status status = png_failure(image.message);
        set_message(out, image.message);
        png_image_free(&image);
        return status;
    }
    out->source_width = (int32_t)image.width;
    out->source_height = (int32_t)image.height;
    if ((int64_t)image.width * (int64_t)image.height > max_pixels) {
        snprintf(out->message, sizeof out->message, "%ux%u pixels", image.width, image.height);
        png_image_free(&image);
        return THRESHER_IMAGE_TOO_LARGE;
    }
    /* 16-bit samples without gAMA or sRGB are sRGB-encoded (as every viewer shows them), not linear. */
    image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
    image.format = PNG_FORMAT_RGBA;
    size_t bytes = PNG_IMAGE_SIZE(image);
    uint8_t *pixels = malloc(bytes);
    if (!pixels) {
        set_message(out, "out of memory");
        png_image_free(&image);
        return THRESHER_IMAGE_NO_MEMORY;
    }
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        thresher_image_status status = png_failure(image.message);
        set_message(out, image.message);
        free(pixels);
        png_image_free(&image);
        return status;
    }
    out->pixels = pixels;
    out->width = (int32_t)image.width;
    out->height = (int32_t)image.height;
    out->channels = 4;
    return THRESHER_IMAGE_OK;
}

void thresher_image_free(thresher_image *image) {
    free(image->pixels);
    image->pixels = NULL;
}

#define THRESHER_STRING2(x) #x
#define THRESHER_STRING(x) THRESHER_STRING2(x)

const char *thresher_image_library_versions(void) {
    return "libjpeg " THRESHER_STRING(JPEG_LIB_VERSION) " / libpng " PNG_LIBPNG_VER_STRING;
}
