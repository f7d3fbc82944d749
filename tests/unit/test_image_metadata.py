"""Stripping metadata from photos: real JPEG and PNG files carrying GPS, times and text."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat
from PIL.ExifTags import GPS, IFD, Base
from PIL.PngImagePlugin import PngInfo

from complaints.image_metadata import strip_metadata
from complaints.storage import sniff_type
from tests.photos import jpeg_with_metadata, png_with_metadata, two_colour_picture


def png_chunk_types(data: bytes) -> list[bytes]:
    types, position = [], 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        types.append(data[position + 4 : position + 8])
        position += 12 + length
    return types


def test_the_fixtures_really_carry_metadata() -> None:
    with Image.open(io.BytesIO(jpeg_with_metadata())) as jpeg:
        assert jpeg.getexif().get_ifd(IFD.GPSInfo)[GPS.GPSLatitudeRef] == "N"
        assert jpeg.info["comment"] == b"Taken at 1200 Main St"
        assert "xmp" in jpeg.info and "icc_profile" in jpeg.info
    with Image.open(io.BytesIO(png_with_metadata())) as png:
        assert png.text["Location"] == "29.76N 95.36W"
        assert png.getexif()[Base.Model] == "iPhone 15"


def test_a_jpeg_loses_gps_camera_time_xmp_profile_and_comment() -> None:
    stripped = strip_metadata(jpeg_with_metadata(), "image/jpeg")
    assert sniff_type(stripped) == "image/jpeg"
    with Image.open(io.BytesIO(stripped)) as image:
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
        assert image.size == (64, 32)
        left, right = image.crop((4, 4, 28, 28)), image.crop((36, 4, 60, 28))
        assert [round(v) for v in ImageStat.Stat(left).mean] == pytest.approx([200, 30, 30], abs=6)
        assert [round(v) for v in ImageStat.Stat(right).mean] == pytest.approx([30, 30, 200], abs=6)
    for trace in (b"Exif", b"iPhone", b"Apple", b"2026:03:02", b"xmpmeta", b"Main St", b"ICC_"):
        assert trace not in stripped, trace


def test_the_orientation_is_applied_before_it_is_dropped() -> None:
    original = jpeg_with_metadata(orientation=6)  # "rotate 90° clockwise to view"
    stripped = strip_metadata(original, "image/jpeg")
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(stripped)) as after:
        upright = ImageOps.exif_transpose(before)
        assert after.size == upright.size == (32, 64)
        # Red ends up on top, as a viewer honouring the tag showed it.
        assert ImageStat.Stat(after.crop((4, 4, 28, 28))).mean[0] > 150
        assert ImageStat.Stat(after.crop((4, 36, 28, 60))).mean[2] > 150
        assert len(after.getexif()) == 0


def test_a_png_loses_text_exif_and_profile_and_keeps_every_pixel() -> None:
    original = png_with_metadata()
    stripped = strip_metadata(original, "image/png")
    assert sniff_type(stripped) == "image/png"
    assert set(png_chunk_types(stripped)) <= {b"IHDR", b"IDAT", b"IEND"}
    assert {b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"} <= set(png_chunk_types(original))
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(stripped)) as after:
        assert after.text == {}
        assert len(after.getexif()) == 0
        assert after.size == before.size and after.mode == before.mode
        assert ImageChops.difference(after, before).getbbox() is None


def test_a_palette_png_keeps_its_palette_and_transparency() -> None:
    image = two_colour_picture().convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    image.info["transparency"] = 0
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0, pnginfo=PngInfo())
    original = out.getvalue()
    with Image.open(io.BytesIO(original)) as palette_image:
        stripped = strip_metadata(png_with_metadata(palette_image), "image/png")
    with Image.open(io.BytesIO(stripped)) as after, Image.open(io.BytesIO(original)) as before:
        assert after.mode == "P"
        assert after.info["transparency"] == 0
        assert (
            ImageChops.difference(after.convert("RGBA"), before.convert("RGBA")).getbbox() is None
        )
        assert after.text == {}


@pytest.mark.parametrize("detected_type", ["application/pdf", "image/heic", "text/plain"])
def test_other_types_are_refused(detected_type: str) -> None:
    with pytest.raises(ValueError, match="only be stripped from JPEG and PNG"):
        strip_metadata(b"%PDF-1.4\n", detected_type)


def test_a_damaged_image_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot be decoded"):
        strip_metadata(jpeg_with_metadata()[:200], "image/jpeg")
    with pytest.raises(ValueError, match="cannot be decoded"):
        strip_metadata(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png")
