"""The vault's streaming encryption format, version 1 (specified in docs/vault-format.md).

It follows Tink's AES-GCM-HKDF streaming construction (the STREAM construction, as in age):

* a fresh random 256-bit data key per document, wrapped with a key-encryption key (KEK) by
  AES key wrap (RFC 3394), which carries its own integrity check;
* a per-document segment key = HKDF-SHA256(data key, salt = random 32 bytes,
  info = associated data), the associated data binding the document id and the owner id;
* plaintext cut into 64 KiB segments, each sealed with AES-256-GCM under the nonce
  nonce prefix (7 random bytes) || segment counter (uint32, big-endian) || last flag (1 byte).

A truncated stream (even at a segment boundary) lacks a segment sealed with the last flag, a
reordered one fails the counter, any flipped bit fails a GCM tag, AES key wrap or the header
parse, and a file moved to another document or owner derives another segment key.
"""

import hmac
import os
import struct
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

MAGIC = b"OMVF"
FORMAT_VERSION = 1
SEGMENT_SIZE = 64 * 1024  # plaintext bytes per segment
TAG_SIZE = 16
CIPHERTEXT_SEGMENT_SIZE = SEGMENT_SIZE + TAG_SIZE
KEY_SIZE = 32
SALT_SIZE = 32
NONCE_PREFIX_SIZE = 7
WRAPPED_KEY_SIZE = KEY_SIZE + 8  # RFC 3394 adds one 64-bit block
MAX_KEK_ID_LENGTH = 32
MAX_SEGMENTS = 2**32
AD_LABEL = b"ordre-vault/v1"


class VaultCryptoError(Exception):
    """The ciphertext, its header or the key cannot be trusted: nothing of it may be used."""


class UnknownKeyError(VaultCryptoError):
    """The header names a key-encryption key that is not configured."""


@dataclass(frozen=True)
class Header:
    kek_id: str
    wrapped_key: bytes
    salt: bytes
    nonce_prefix: bytes

    def to_bytes(self) -> bytes:
        kek = self.kek_id.encode("ascii")
        return b"".join(
            [
                MAGIC,
                bytes([FORMAT_VERSION, len(kek)]),
                kek,
                self.wrapped_key,
                self.salt,
                self.nonce_prefix,
            ]
        )

    @property
    def size(self) -> int:
        return header_size(self.kek_id)


def header_size(kek_id: str) -> int:
    return len(MAGIC) + 2 + len(kek_id) + WRAPPED_KEY_SIZE + SALT_SIZE + NONCE_PREFIX_SIZE


def validate_kek_id(kek_id: str) -> None:
    if not (1 <= len(kek_id) <= MAX_KEK_ID_LENGTH) or not kek_id.isascii():
        raise ValueError("a KEK id is 1 to 32 ASCII characters")
    if not all(c.isalnum() or c in "-_." for c in kek_id):
        raise ValueError("a KEK id holds only letters, digits, '-', '_' and '.'")


def parse_header(data: bytes) -> Header:
    """Read a header from the first bytes of an object (extra bytes are ignored)."""
    fixed = len(MAGIC) + 2
    if len(data) < fixed or data[: len(MAGIC)] != MAGIC:
        raise VaultCryptoError("not a vault object (bad magic)")
    version, kek_length = data[len(MAGIC)], data[len(MAGIC) + 1]
    if version != FORMAT_VERSION:
        raise VaultCryptoError(f"unsupported format version {version}")
    if not 1 <= kek_length <= MAX_KEK_ID_LENGTH:
        raise VaultCryptoError("bad KEK id length")
    end = fixed + kek_length + WRAPPED_KEY_SIZE + SALT_SIZE + NONCE_PREFIX_SIZE
    if len(data) < end:
        raise VaultCryptoError("truncated header")
    try:
        kek_id = data[fixed : fixed + kek_length].decode("ascii")
        validate_kek_id(kek_id)
    except (UnicodeDecodeError, ValueError) as exc:
        raise VaultCryptoError("bad KEK id") from exc
    pos = fixed + kek_length
    wrapped = data[pos : pos + WRAPPED_KEY_SIZE]
    pos += WRAPPED_KEY_SIZE
    salt = data[pos : pos + SALT_SIZE]
    pos += SALT_SIZE
    return Header(kek_id, wrapped, salt, data[pos : pos + NONCE_PREFIX_SIZE])


def associated_data(document_id: uuid.UUID, owner_id: int) -> bytes:
    """What binds a ciphertext to one document of one owner (HKDF info)."""
    return AD_LABEL + b"\x00" + document_id.bytes + struct.pack(">Q", owner_id)


def wrap_key(kek: bytes, data_key: bytes) -> bytes:
    return aes_key_wrap(kek, data_key)


def unwrap_key(kek: bytes, wrapped: bytes) -> bytes:
    try:
        return aes_key_unwrap(kek, wrapped)
    except (InvalidUnwrap, ValueError) as exc:
        raise VaultCryptoError("the data key does not unwrap under this KEK") from exc


def _segment_cipher(data_key: bytes, salt: bytes, ad: bytes) -> AESGCM:
    segment_key = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=ad).derive(
        data_key
    )
    return AESGCM(segment_key)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= MAX_SEGMENTS:
        raise VaultCryptoError("too many segments")
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


class Encryptor:
    """Push plaintext in any chunk sizes; get back ciphertext bytes (header first).

    A segment is sealed only once more plaintext follows it, so the final segment (possibly
    empty, for an empty document) is the one sealed with the last flag in `finish()`.
    """

    def __init__(self, *, kek_id: str, kek: bytes, document_id: uuid.UUID, owner_id: int) -> None:
        validate_kek_id(kek_id)
        data_key = os.urandom(KEY_SIZE)
        self.header = Header(
            kek_id=kek_id,
            wrapped_key=wrap_key(kek, data_key),
            salt=os.urandom(SALT_SIZE),
            nonce_prefix=os.urandom(NONCE_PREFIX_SIZE),
        )
        self._cipher = _segment_cipher(
            data_key, self.header.salt, associated_data(document_id, owner_id)
        )
        self._buffer = bytearray()
        self._counter = 0
        self._header_sent = False
        self._finished = False

    def _start(self) -> list[bytes]:
        if self._header_sent:
            return []
        self._header_sent = True
        return [self.header.to_bytes()]

    def _seal(self, plaintext: bytes | bytearray | memoryview, last: bool) -> bytes:
        nonce = _nonce(self.header.nonce_prefix, self._counter, last)
        self._counter += 1
        return self._cipher.encrypt(nonce, plaintext, None)

    def update(self, data: bytes) -> bytes:
        return b"".join(self.pieces(data))

    def pieces(self, data: bytes) -> Iterator[bytes]:
        """The ciphertext `data` completes, one sealed segment at a time (consume them all).

        Writing each piece as it comes keeps a single segment of ciphertext in memory,
        instead of a copy of the whole chunk.
        """
        if self._finished:
            raise ValueError("encryptor already finished")
        yield from self._start()
        view = memoryview(data)
        pos = 0
        if self._buffer:
            # Top up the held-back segment; seal it only if more plaintext follows it.
            pos = SEGMENT_SIZE - len(self._buffer)
            self._buffer += view[:pos]
            if len(view) <= pos:
                return
            yield self._seal(self._buffer, last=False)
            self._buffer = bytearray()
        # Keep at least one byte back: the segment holding the end must carry the last flag.
        while len(view) - pos > SEGMENT_SIZE:
            yield self._seal(view[pos : pos + SEGMENT_SIZE], last=False)
            pos += SEGMENT_SIZE
        self._buffer += view[pos:]

    def finish(self) -> bytes:
        if self._finished:
            raise ValueError("encryptor already finished")
        out = self._start()
        out.append(self._seal(bytes(self._buffer), last=True))
        self._buffer.clear()
        self._finished = True
        return b"".join(out)


def ciphertext_size(plaintext_size: int, kek_id: str) -> int:
    segments = max(1, -(-plaintext_size // SEGMENT_SIZE))
    return header_size(kek_id) + plaintext_size + segments * TAG_SIZE


class Decryptor:
    """Push ciphertext in any chunk sizes; get back plaintext of authenticated segments only.

    `finish()` raises unless the stream ended with the segment sealed as last: that is what
    catches a truncation at a segment boundary.
    """

    def __init__(self, *, keys: dict[str, bytes], document_id: uuid.UUID, owner_id: int) -> None:
        self._keys = keys
        self._ad = associated_data(document_id, owner_id)
        self._buffer = bytearray()
        self._cipher: AESGCM | None = None
        self.header: Header | None = None
        self._counter = 0
        self._done = False

    def _read_header(self) -> bool:
        if len(self._buffer) < len(MAGIC) + 2:
            return False
        kek_length = self._buffer[len(MAGIC) + 1]
        needed = len(MAGIC) + 2 + kek_length + WRAPPED_KEY_SIZE + SALT_SIZE + NONCE_PREFIX_SIZE
        if len(self._buffer) < needed:
            # A bad magic or version is reported at once, not after waiting for more bytes.
            if self._buffer[: len(MAGIC)] != MAGIC:
                raise VaultCryptoError("not a vault object (bad magic)")
            return False
        header = parse_header(bytes(self._buffer[:needed]))
        kek = self._keys.get(header.kek_id)
        if kek is None:
            raise UnknownKeyError(f"KEK {header.kek_id!r} is not configured")
        data_key = unwrap_key(kek, header.wrapped_key)
        self._cipher = _segment_cipher(data_key, header.salt, self._ad)
        self.header = header
        del self._buffer[:needed]
        return True

    def _open(self, segment: bytes | bytearray | memoryview, last: bool) -> bytes:
        assert self._cipher is not None
        assert self.header is not None
        nonce = _nonce(self.header.nonce_prefix, self._counter, last)
        try:
            plaintext = self._cipher.decrypt(nonce, segment, None)
        except InvalidTag as exc:
            raise VaultCryptoError(f"segment {self._counter} failed authentication") from exc
        self._counter += 1
        return plaintext

    def update(self, data: bytes) -> bytes:
        return b"".join(self.pieces(data))

    def pieces(self, data: bytes) -> Iterator[bytes]:
        """The plaintext of each segment `data` completes, as soon as it is authenticated."""
        if self._done:
            if data:
                raise VaultCryptoError("data after the last segment")
            return
        if self.header is None:
            self._buffer += data
            if not self._read_header():
                return
            data, self._buffer = bytes(self._buffer), bytearray()
        view = memoryview(data)
        pos = 0
        if self._buffer:
            pos = CIPHERTEXT_SEGMENT_SIZE - len(self._buffer)
            self._buffer += view[:pos]
            if len(view) <= pos:
                return
            yield self._open(self._buffer, last=False)
            self._buffer = bytearray()
        # A full segment followed by more bytes cannot be the last one.
        while len(view) - pos > CIPHERTEXT_SEGMENT_SIZE:
            yield self._open(view[pos : pos + CIPHERTEXT_SEGMENT_SIZE], last=False)
            pos += CIPHERTEXT_SEGMENT_SIZE
        self._buffer += view[pos:]

    def finish(self) -> bytes:
        if self._done:
            return b""
        if self.header is None and not self._read_header():
            raise VaultCryptoError("truncated header")
        if len(self._buffer) < TAG_SIZE:
            raise VaultCryptoError("truncated stream")
        plaintext = self._open(bytes(self._buffer), last=True)
        self._buffer.clear()
        self._done = True
        return plaintext


def encrypt_bytes(
    plaintext: bytes, *, kek_id: str, kek: bytes, document_id: uuid.UUID, owner_id: int
) -> bytes:
    encryptor = Encryptor(kek_id=kek_id, kek=kek, document_id=document_id, owner_id=owner_id)
    return encryptor.update(plaintext) + encryptor.finish()


def decrypt_chunks(
    chunks: Iterable[bytes], *, keys: dict[str, bytes], document_id: uuid.UUID, owner_id: int
) -> Iterator[bytes]:
    """Yield plaintext; raises VaultCryptoError at the first bad or missing segment."""
    decryptor = Decryptor(keys=keys, document_id=document_id, owner_id=owner_id)
    for chunk in chunks:
        if plaintext := decryptor.update(chunk):
            yield plaintext
    yield decryptor.finish()


def decrypt_bytes(
    ciphertext: bytes, *, keys: dict[str, bytes], document_id: uuid.UUID, owner_id: int
) -> bytes:
    return b"".join(
        decrypt_chunks([ciphertext], keys=keys, document_id=document_id, owner_id=owner_id)
    )


def rewrap_header(header_bytes: bytes, *, keys: dict[str, bytes], kek_id: str) -> bytes:
    """The same header with its data key wrapped under `kek_id` (content is untouched)."""
    header = parse_header(header_bytes)
    old = keys.get(header.kek_id)
    if old is None:
        raise UnknownKeyError(f"KEK {header.kek_id!r} is not configured")
    data_key = unwrap_key(old, header.wrapped_key)
    new = Header(kek_id, wrap_key(keys[kek_id], data_key), header.salt, header.nonce_prefix)
    return new.to_bytes()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
