"""Real photos built with Pillow that carry what phones hide in them: GPS, device, time, text."""

from __future__ import annotations

import io

from PIL import Image, ImageCms
from PIL.ExifTags import GPS, IFD, Base
from PIL.PngImagePlugin import PngInfo

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="29,45.6N"/></rdf:RDF></x:xmpmeta>'
)
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: device, time, orientation and where it was (Houston)."""
    exif = Image.Exif()
    exif[Base.Make] = "Apple"
    exif[Base.Model] = "iPhone 15"
    exif[Base.DateTime] = "2026:03:02 15:04:05"
    exif[Base.Orientation] = orientation
    exif[IFD.GPSInfo] = {
        GPS.GPSLatitudeRef: "N",
        GPS.GPSLatitude: (29.0, 45.0, 36.0),
        GPS.GPSLongitudeRef: "W",
        GPS.GPSLongitude: (95.0, 21.0, 36.0),
    }
    return exif


def two_colour_picture(mode: str = "RGB") -> Image.Image:
    """64x32: red on the left half, blue on the right, so a rotation is visible."""
    image = Image.new("RGB", (64, 32), (200, 30, 30))
    image.paste((30, 30, 200), (32, 0, 64, 32))
    return image.convert(mode)


def jpeg_with_metadata(orientation: int = 1) -> bytes:
    out = io.BytesIO()
    two_colour_picture().save(out, "JPEG", quality=95, exif=camera_exif(orientation), xmp=XMP,
                              icc_profile=SRGB_ICC, comment=b"Taken at 1200 Main St")  # fmt: skip
    return out.getvalue()


def png_with_metadata(image: Image.Image | None = None) -> bytes:
    text = PngInfo()
    text.add_text("Location", "29.76N 95.36W")
    text.add_itxt("Author", "María López", lang="es")
    text.add_text("Comment", "Harris County Jail, visiting room", zip=True)
    out = io.BytesIO()
    (image or two_colour_picture()).save(out, "PNG", pnginfo=text, exif=camera_exif(),
                                         icc_profile=SRGB_ICC)  # fmt: skip
    return out.getvalue()
