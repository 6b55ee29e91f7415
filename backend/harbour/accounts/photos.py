"""Staff photos: whatever JPEG, PNG or WebP is uploaded, what is kept is a new small square
WebP drawn from its pixels. Nothing else of the file survives: no EXIF (where and when it
was taken, the camera), no ICC profile, no comments."""

import hashlib
import io

from PIL import Image, ImageOps, UnidentifiedImageError

from harbour.kernel.errors import invalid

SIDE = 192  # pixels: sharp at 2x in the 96-pixel box the phone shows
FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
# Refused before decoding: a small file can unpack to a huge image (a "decompression bomb").
MAX_PIXELS = 40_000_000
MEDIA_TYPE = "image/webp"
FIELD = "body.image"


def _opened(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError):
        raise invalid(FIELD, "should be a JPEG, PNG or WebP photo") from None
    if image.format not in FORMATS:
        raise invalid(FIELD, "should be a JPEG, PNG or WebP photo")
    if image.width * image.height > MAX_PIXELS:
        raise invalid(FIELD, "is too many pixels: use a photo of at most 40 megapixels")
    return image


def reencode(data: bytes) -> bytes:
    """The photo as a SIDE x SIDE WebP, upright, cropped to its centre, transparency on white."""
    image = _opened(data)
    try:
        image.draft("RGB", (SIDE * 2, SIDE * 2))  # JPEG only: decode at a fraction of the size
        upright = ImageOps.exif_transpose(image)  # as the camera was held; the EXIF goes
        square = ImageOps.fit(upright.convert("RGBA"), (SIDE, SIDE), Image.Resampling.LANCZOS)
    except (OSError, ValueError, Image.DecompressionBombError):  # a truncated or broken file
        raise invalid(FIELD, "could not be read: try saving it again, or another photo") from None
    flat = Image.new("RGBA", square.size, "white")
    flat.alpha_composite(square)
    out = io.BytesIO()
    flat.convert("RGB").save(out, "WEBP", quality=82, method=6)  # no exif= or icc_profile=
    return out.getvalue()


def version_of(image: bytes) -> str:
    """The photo's ETag and the `v` in its address: a change of photo changes both."""
    return hashlib.sha256(image).hexdigest()[:16]
