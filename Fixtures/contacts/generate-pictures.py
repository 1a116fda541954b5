#!/usr/bin/env python3
"""Writes the picture fixtures and the vCards that carry them (issue 9, points 12 and 13).

Run once from this folder (`python3 generate-pictures.py`); the outputs are committed. Every image
is built here byte by byte from its format's specification, so the tests can compare the decoded
PHOTO with the original file:

- photo.jpg   baseline greyscale JPEG, 16x16, with a 6 KB comment segment (a phone-sized base64)
- photo.png   4x4 RGB PNG
- photo.gif   2x1 GIF89a
- photo.bmp   2x2 24-bit Windows bitmap
- photo.webp  1x1 lossless WebP (VP8L)
"""
import base64
import random
import struct
import zlib


def jpeg():
    """A 16x16 mid-grey JPEG: one DC and one AC Huffman code of one bit each, all blocks flat."""
    out = b"\xff\xd8"  # SOI
    out += b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    rng = random.Random(9)
    comment = b"zmigrate test picture " + bytes(rng.randrange(256) for _ in range(6000))
    out += b"\xff\xfe" + struct.pack(">H", 2 + len(comment)) + comment  # COM
    out += b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([1] * 64)  # DQT
    out += b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 16, 16, 1) + b"\x01\x11\x00"  # SOF0
    counts = bytes([1] + [0] * 15)
    out += b"\xff\xc4" + struct.pack(">H", 2 + 1 + 16 + 1) + b"\x00" + counts + b"\x00"  # DC
    out += b"\xff\xc4" + struct.pack(">H", 2 + 1 + 16 + 1) + b"\x10" + counts + b"\x00"  # AC
    out += b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x3f\x00"  # SOS
    out += b"\x00"  # four blocks: DC "0" (no change) + AC "0" (end of block) = 8 bits
    out += b"\xff\xd9"  # EOI
    return out


def png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"".join(bytes([x * 60, y * 60, 128]) for x in range(4))
                    for y in range(4))
    ihdr = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def gif():
    """2x1 pixels, colours 0 and 1; LZW codes clear(4), 0, 1, end(5), three bits each."""
    out = b"GIF89a" + struct.pack("<HH", 2, 1) + b"\x80\x00\x00"  # 2-entry global colour table
    out += b"\xff\x00\x00" + b"\x00\x00\xff"
    out += b"," + struct.pack("<HHHH", 0, 0, 2, 1) + b"\x00"  # image descriptor
    codes = 4 | 0 << 3 | 1 << 6 | 5 << 9
    out += b"\x02" + b"\x02" + struct.pack("<H", codes) + b"\x00"
    return out + b";"


def bmp():
    rows = b""
    for y in range(2):  # bottom-up, BGR, rows padded to 4 bytes
        rows += bytes([0, 0, 255, 0, 255, 0]) + b"\x00\x00"
    header = struct.pack("<IiiHHIIiiII", 40, 2, 2, 1, 24, 0, len(rows), 2835, 2835, 0, 0)
    size = 14 + len(header) + len(rows)
    return b"BM" + struct.pack("<IHHI", size, 0, 0, 14 + len(header)) + header + rows


def webp():
    """1x1 lossless: five one-symbol prefix codes, so the pixel itself takes no bits."""
    bits = []

    def put(value, count):
        for i in range(count):
            bits.append((value >> i) & 1)

    put(0x2F, 8)  # signature
    put(0, 14)  # width - 1
    put(0, 14)  # height - 1
    put(1, 1)  # alpha is used
    put(0, 3)  # version
    put(0, 1)  # no transform
    put(0, 1)  # no colour cache
    put(0, 1)  # no meta prefix codes
    for symbol in (0x80, 0x20, 0xC0, 0xFF):  # green, red, blue, alpha: simple code, one 8-bit symbol
        put(1, 1)
        put(0, 1)
        put(1, 1)
        put(symbol, 8)
    put(1, 1)  # distance: simple code, one 1-bit symbol (0)
    put(0, 1)
    put(0, 1)
    put(0, 1)
    while len(bits) % 8:
        bits.append(0)
    data = bytes(sum(bits[i + k] << k for k in range(8)) for i in range(0, len(bits), 8))
    if len(data) % 2:
        data += b"\x00"
    chunk = b"VP8L" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def fold(line, width=75):
    """Folds a content line: the first piece `width` octets, then a space and `width - 1`."""
    pieces = [line[:width]]
    rest = line[width:]
    while rest:
        pieces.append(" " + rest[: width - 1])
        rest = rest[width - 1:]
    return pieces


def b64(data):
    return base64.b64encode(data).decode("ascii")


images = {"jpg": jpeg(), "png": png(), "gif": gif(), "bmp": bmp(), "webp": webp()}
for ext, data in images.items():
    with open("photo." + ext, "wb") as f:
        f.write(data)

# iPhone (iOS Contacts "Share Contact"/export as it reaches users through some mail and sync
# paths): vCard 3.0, lower-case type parameters, item groups with X-ABLabel, every line ended by
# CR CR LF, the photo folded with a single space.
iphone = [
    "BEGIN:VCARD",
    "VERSION:3.0",
    "PRODID:-//Apple Inc.//iPhone OS 17.5//EN",
    "N:山田;太郎;;;",
    "FN:山田 太郎",
    "X-PHONETIC-LAST-NAME:やまだ",
    "X-PHONETIC-FIRST-NAME:たろう",
    "ORG:株式会社サンプル;営業部",
    "EMAIL;type=INTERNET;type=WORK;type=pref:taro.yamada@example.jp",
    "TEL;type=CELL;type=VOICE;type=pref:+81 90-1234-5678",
    "item1.ADR;type=WORK;type=pref:;;丸の内1-1-1;千代田区;東京都;100-0005;日本",
    "item1.X-ABADR:jp",
    "item2.X-ABRELATEDNAMES;type=pref:山田 花子",
    "item2.X-ABLabel:_$!<Spouse>!$_",
    "item3.X-ABDATE;type=pref:2010-06-12",
    "item3.X-ABLabel:_$!<Anniversary>!$_",
]
iphone += fold("PHOTO;ENCODING=b;TYPE=JPEG:" + b64(images["jpg"]))
iphone += ["END:VCARD"]
with open("iphone-crcrlf-photo.vcf", "wb") as f:
    f.write("".join(line + "\r\r\n" for line in iphone).encode("utf-8"))

# vCard 3.0 pictures without ENCODING=b, with and without TYPE, and a TYPE that does not match the
# bytes (the BMP says JPEG); plus a lone CR line end in the middle of the file.
cards = [
    ["BEGIN:VCARD", "VERSION:3.0", "FN:Ada Png", "N:Png;Ada;;;"]
    + fold("PHOTO:" + b64(images["png"])) + ["END:VCARD"],
    ["BEGIN:VCARD", "VERSION:3.0", "FN:Gil Gif", "N:Gif;Gil;;;"]
    + fold("PHOTO;TYPE=GIF:" + b64(images["gif"])) + ["END:VCARD"],
    ["BEGIN:VCARD", "VERSION:3.0", "FN:Bea Bmp", "N:Bmp;Bea;;;"]
    + fold("PHOTO;ENCODING=b;TYPE=JPEG:" + b64(images["bmp"])) + ["END:VCARD"],
]
text = "\r\n".join("\r\n".join(c) for c in cards[:2]) + "\r" + "\r\n".join(cards[2]) + "\r\n"
with open("v30-photo-no-encoding.vcf", "wb") as f:
    f.write(text.encode("utf-8"))

# vCard 4.0 with the picture as a data: URI (RFC 6350 §6.2.4), as CardDAV servers and DAVx5 write it.
v40 = ["BEGIN:VCARD", "VERSION:4.0", "FN:Wendy Webp", "N:Webp;Wendy;;;",
       "EMAIL;TYPE=home:wendy@example.org"]
v40 += fold("PHOTO:data:image/webp;base64," + b64(images["webp"]))
v40 += ["END:VCARD"]
with open("v40-webp-photo.vcf", "wb") as f:
    f.write(("\r\n".join(v40) + "\r\n").encode("utf-8"))
