"""The vault's streaming encryption format, version 2 (specified in docs/vault-format.md).

It follows Tink's AES-GCM-HKDF streaming construction (the STREAM construction, as in age):

* a fresh random 256-bit data key per document, wrapped by a key provider named in the header:
  `local`, a key-encryption key (KEK) of the portal's environment by AES key wrap (RFC 3394),
  which carries its own integrity check, or `kms`, a key service's key (vault.kms);
* a per-document segment key = HKDF-SHA256(data key, salt = random 32 bytes,
  info = associated data), the associated data binding the document id and the owner id;
* plaintext cut into 64 KiB segments, each sealed with AES-256-GCM under the nonce
  nonce prefix (7 random bytes) || segment counter (uint32, big-endian) || last flag (1 byte).

A truncated stream (even at a segment boundary) lacks a segment sealed with the last flag, a
reordered one fails the counter, any flipped bit fails a GCM tag, AES key wrap or the header
parse, and a file moved to another document or owner derives another segment key.

Version 1 headers (local provider, fixed 40-byte wrapped key) stay readable; every object
written now has a version 2 header. Segments and their keys are the same in both versions, so
rotation turns a version 1 object into a version 2 one by rewriting its header only.
"""

import hmac
import os
import struct
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

MAGIC = b"OMVF"
FORMAT_VERSION = 2  # what new objects get
READABLE_VERSIONS = (1, 2)
SEGMENT_SIZE = 64 * 1024  # plaintext bytes per segment
TAG_SIZE = 16
CIPHERTEXT_SEGMENT_SIZE = SEGMENT_SIZE + TAG_SIZE
KEY_SIZE = 32
SALT_SIZE = 32
NONCE_PREFIX_SIZE = 7
WRAPPED_KEY_SIZE = KEY_SIZE + 8  # RFC 3394 adds one 64-bit block
MAX_WRAPPED_KEY_SIZE = 6144  # the largest ciphertext blob AWS KMS returns
MAX_KEK_ID_LENGTH = 32
# Version 2 names who wraps the data key: one byte in the header.
LOCAL = "local"
KMS = "kms"
PROVIDER_CODES = {LOCAL: 1, KMS: 2}
PROVIDER_NAMES = {code: name for name, code in PROVIDER_CODES.items()}
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
    provider: str = LOCAL
    version: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        kek = self.kek_id.encode("ascii")
        if self.version == 1:
            if self.provider != LOCAL or len(self.wrapped_key) != WRAPPED_KEY_SIZE:
                raise ValueError("a version 1 header holds a local 40-byte wrapped key")
            key_part = [self.wrapped_key]
            fixed = bytes([1, len(kek)])
        else:
            if not 1 <= len(self.wrapped_key) <= MAX_WRAPPED_KEY_SIZE:
                raise ValueError("wrapped key of an unsupported size")
            key_part = [struct.pack(">H", len(self.wrapped_key)), self.wrapped_key]
            fixed = bytes([self.version, PROVIDER_CODES[self.provider], len(kek)])
        return b"".join([MAGIC, fixed, kek, *key_part, self.salt, self.nonce_prefix])

    @property
    def size(self) -> int:
        return header_size(self.kek_id, len(self.wrapped_key), version=self.version)

    def rewrapped(self, *, provider: str, kek_id: str, wrapped_key: bytes) -> "Header":
        """The same object's header with its data key wrapped otherwise (always version 2)."""
        validate_kek_id(kek_id)
        return replace(
            self,
            provider=provider,
            kek_id=kek_id,
            wrapped_key=wrapped_key,
            version=FORMAT_VERSION,
        )


def header_size(
    kek_id: str, wrapped_size: int = WRAPPED_KEY_SIZE, *, version: int = FORMAT_VERSION
) -> int:
    if version == 1:
        return len(MAGIC) + 2 + len(kek_id) + WRAPPED_KEY_SIZE + SALT_SIZE + NONCE_PREFIX_SIZE
    return len(MAGIC) + 3 + len(kek_id) + 2 + wrapped_size + SALT_SIZE + NONCE_PREFIX_SIZE


# Enough bytes to hold any header: what maintenance reads before parsing one.
MAX_HEADER_SIZE = header_size("x" * MAX_KEK_ID_LENGTH, MAX_WRAPPED_KEY_SIZE)


def validate_kek_id(kek_id: str) -> None:
    if not (1 <= len(kek_id) <= MAX_KEK_ID_LENGTH) or not kek_id.isascii():
        raise ValueError("a KEK id is 1 to 32 ASCII characters")
    if not all(c.isalnum() or c in "-_." for c in kek_id):
        raise ValueError("a KEK id holds only letters, digits, '-', '_' and '.'")


def header_length(data: bytes | bytearray) -> int | None:
    """The length of the header `data` starts with, or None until enough bytes are there.

    Raises at once on a bad magic or an unknown version or provider, without waiting for more.
    """
    if len(data) < len(MAGIC) + 1:
        if data != MAGIC[: len(data)]:
            raise VaultCryptoError("not a vault object (bad magic)")
        return None
    if data[: len(MAGIC)] != MAGIC:
        raise VaultCryptoError("not a vault object (bad magic)")
    version = data[len(MAGIC)]
    if version not in READABLE_VERSIONS:
        raise VaultCryptoError(f"unsupported format version {version}")
    if version == 1:
        if len(data) < len(MAGIC) + 2:
            return None
        return header_size("x" * data[len(MAGIC) + 1], version=1)
    fixed = len(MAGIC) + 3
    if len(data) < fixed:
        return None
    if data[len(MAGIC) + 1] not in PROVIDER_NAMES:
        raise VaultCryptoError("unknown key provider")
    kek_length = data[len(MAGIC) + 2]
    if len(data) < fixed + kek_length + 2:
        return None
    (wrapped_size,) = struct.unpack(">H", data[fixed + kek_length : fixed + kek_length + 2])
    if not 1 <= wrapped_size <= MAX_WRAPPED_KEY_SIZE:
        raise VaultCryptoError("bad wrapped key length")
    return header_size("x" * kek_length, wrapped_size)


def parse_header(data: bytes) -> Header:
    """Read a header (version 1 or 2) from the first bytes of an object (extra bytes ignored)."""
    needed = header_length(data)
    if needed is None or len(data) < needed:
        raise VaultCryptoError("truncated header")
    version = data[len(MAGIC)]
    provider = LOCAL if version == 1 else PROVIDER_NAMES[data[len(MAGIC) + 1]]
    pos = len(MAGIC) + (2 if version == 1 else 3)
    kek_length = data[pos - 1]
    if not 1 <= kek_length <= MAX_KEK_ID_LENGTH:
        raise VaultCryptoError("bad KEK id length")
    try:
        kek_id = data[pos : pos + kek_length].decode("ascii")
        validate_kek_id(kek_id)
    except (UnicodeDecodeError, ValueError) as exc:
        raise VaultCryptoError("bad KEK id") from exc
    pos += kek_length
    wrapped_size = WRAPPED_KEY_SIZE
    if version != 1:
        (wrapped_size,) = struct.unpack(">H", data[pos : pos + 2])
        pos += 2
    wrapped = data[pos : pos + wrapped_size]
    pos += wrapped_size
    salt = data[pos : pos + SALT_SIZE]
    pos += SALT_SIZE
    nonce_prefix = data[pos : pos + NONCE_PREFIX_SIZE]
    return Header(kek_id, wrapped, salt, nonce_prefix, provider=provider, version=version)


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


@dataclass(frozen=True)
class NewDataKey:
    """A fresh data key as a key provider hands it over: in clear (for this object only) and
    wrapped (what the header and the row keep)."""

    provider: str
    kek_id: str
    plaintext: bytes
    wrapped: bytes


# Given a parsed header, the data key in clear (a key provider's unwrap, vault.keys).
Unwrap = Callable[[Header], bytes]


def local_data_key(*, kek_id: str, kek: bytes) -> NewDataKey:
    data_key = os.urandom(KEY_SIZE)
    return NewDataKey(LOCAL, kek_id, data_key, wrap_key(kek, data_key))


def local_unwrap(keys: dict[str, bytes]) -> Unwrap:
    """Unwrap data keys of the local provider with the KEKs of `keys`."""

    def unwrap(header: Header) -> bytes:
        if header.provider != LOCAL:
            raise UnknownKeyError(f"the data key is held by the {header.provider} key provider")
        kek = keys.get(header.kek_id)
        if kek is None:
            raise UnknownKeyError(f"KEK {header.kek_id!r} is not configured")
        return unwrap_key(kek, header.wrapped_key)

    return unwrap


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

    def __init__(
        self,
        *,
        document_id: uuid.UUID,
        owner_id: int,
        data_key: NewDataKey | None = None,
        kek_id: str = "",
        kek: bytes = b"",
    ) -> None:
        """`data_key` from a key provider (vault.keys.new_data_key), or a local KEK."""
        if data_key is None:
            validate_kek_id(kek_id)
            data_key = local_data_key(kek_id=kek_id, kek=kek)
        validate_kek_id(data_key.kek_id)
        self.header = Header(
            kek_id=data_key.kek_id,
            wrapped_key=data_key.wrapped,
            salt=os.urandom(SALT_SIZE),
            nonce_prefix=os.urandom(NONCE_PREFIX_SIZE),
            provider=data_key.provider,
        )
        self.header.to_bytes()  # refuse a wrapped key the header cannot hold, before any byte
        self._cipher = _segment_cipher(
            data_key.plaintext, self.header.salt, associated_data(document_id, owner_id)
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


def ciphertext_size(plaintext_size: int, kek_id: str, wrapped_size: int = WRAPPED_KEY_SIZE) -> int:
    segments = max(1, -(-plaintext_size // SEGMENT_SIZE))
    return header_size(kek_id, wrapped_size) + plaintext_size + segments * TAG_SIZE


class Decryptor:
    """Push ciphertext in any chunk sizes; get back plaintext of authenticated segments only.

    `finish()` raises unless the stream ended with the segment sealed as last: that is what
    catches a truncation at a segment boundary.
    """

    def __init__(
        self,
        *,
        document_id: uuid.UUID,
        owner_id: int,
        keys: dict[str, bytes] | None = None,
        unwrap: Unwrap | None = None,
    ) -> None:
        """`unwrap` asks the header's key provider for the data key (once, at the header);
        `keys` is the shortcut for local KEKs."""
        self._unwrap = unwrap or local_unwrap(keys or {})
        self._ad = associated_data(document_id, owner_id)
        self._buffer = bytearray()
        self._cipher: AESGCM | None = None
        self.header: Header | None = None
        self._counter = 0
        self._done = False

    def _read_header(self) -> bool:
        # A bad magic or version is reported at once, not after waiting for more bytes.
        needed = header_length(self._buffer)
        if needed is None or len(self._buffer) < needed:
            return False
        header = parse_header(bytes(self._buffer[:needed]))
        data_key = self._unwrap(header)
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
    """The same header with its data key wrapped under the local `kek_id` (content untouched)."""
    header = parse_header(header_bytes)
    data_key = local_unwrap(keys)(header)
    wrapped = wrap_key(keys[kek_id], data_key)
    return header.rewrapped(provider=LOCAL, kek_id=kek_id, wrapped_key=wrapped).to_bytes()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
