"""Copies of photos without the data cameras hide in them, for staff who pass images on.

A phone photo can carry where it was taken (GPS), when, and on which device, in EXIF, XMP,
comments, colour-profile descriptions or PNG text chunks. `strip_metadata` keeps only the
pixels: it decodes the image, applies the EXIF orientation so the picture stays upright, turns a
colour profile into plain sRGB so colours stay right, and encodes a fresh file from scratch.
No Flask and no database here.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageCms, ImageOps

STRIPPABLE_TYPES = frozenset({"image/jpeg", "image/png"})
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# High enough that re-encoding is not visible; the original stays available to staff.
JPEG_QUALITY = 92
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _in_srgb(image: Image.Image) -> Image.Image:
    """`image` with its embedded ICC profile applied, so the profile can be dropped."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    output_mode = "RGB" if image.mode == "CMYK" else image.mode
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError):
        return image  # a damaged profile: keep the pixels as they are
    return converted if converted is not None else image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image with the same pixels (palette and transparency kept) and no `info` at all."""
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode in ("P", "PA") and image.palette is not None:
        clean.putpalette(image.getpalette(image.palette.mode), image.palette.mode)
    if "transparency" in image.info:  # part of the picture, not metadata
        clean.info["transparency"] = image.info["transparency"]
    return clean


def strip_metadata(data: bytes, detected_type: str) -> bytes:
    """Return the JPEG or PNG `data` re-encoded in the same format with no metadata.

    Drops EXIF (GPS, camera, times), XMP, ICC profiles, comments and PNG text and time chunks;
    the EXIF orientation is applied to the pixels first, so width and height may swap.
    Raises ValueError if `detected_type` is not in STRIPPABLE_TYPES or `data` cannot be decoded
    (damaged, or so many pixels that decoding it could exhaust memory).
    """
    if detected_type not in STRIPPABLE_TYPES:
        raise ValueError(f"metadata can only be stripped from JPEG and PNG, not {detected_type}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_FORMATS[detected_type]]) as opened:
                upright = ImageOps.exif_transpose(opened)
                upright.load()
                clean = _pixels_only(_in_srgb(upright))
    except (OSError, SyntaxError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        # SyntaxError is how some Pillow decoders report a malformed file.
        raise ValueError("the image cannot be decoded") from None
    out = io.BytesIO()
    if detected_type == "image/jpeg":
        clean.save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue()
