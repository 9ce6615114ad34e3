"""The streaming format: round trips and every tampering the issue names."""

import os
import uuid

import pytest

from vault import crypto
from vault.crypto import (
    CIPHERTEXT_SEGMENT_SIZE,
    SEGMENT_SIZE,
    VaultCryptoError,
    decrypt_bytes,
    decrypt_chunks,
    encrypt_bytes,
)

KEK = bytes(range(32))
OTHER_KEK = bytes(range(1, 33))
KEYS = {"k1": KEK}
DOC = uuid.UUID("12345678-1234-5678-1234-567812345678")
OTHER_DOC = uuid.UUID("87654321-4321-8765-4321-876543218765")
OWNER = 7


def seal(plaintext: bytes, *, doc: uuid.UUID = DOC, owner: int = OWNER) -> bytes:
    return encrypt_bytes(plaintext, kek_id="k1", kek=KEK, document_id=doc, owner_id=owner)


def unseal(ciphertext: bytes, *, doc: uuid.UUID = DOC, owner: int = OWNER, keys=None) -> bytes:
    return decrypt_bytes(ciphertext, keys=keys or KEYS, document_id=doc, owner_id=owner)


SIZES = [0, 1, SEGMENT_SIZE - 1, SEGMENT_SIZE, SEGMENT_SIZE + 1, 3 * SEGMENT_SIZE + 17]


@pytest.mark.parametrize("size", SIZES)
def test_round_trip(size):
    plaintext = os.urandom(size)
    ciphertext = seal(plaintext)
    assert len(ciphertext) == crypto.ciphertext_size(size, "k1")
    assert unseal(ciphertext) == plaintext


@pytest.mark.parametrize("chunk", [1, 1000, SEGMENT_SIZE, CIPHERTEXT_SEGMENT_SIZE + 3])
def test_round_trip_in_any_chunk_sizes(chunk):
    plaintext = os.urandom(2 * SEGMENT_SIZE + 5)
    encryptor = crypto.Encryptor(kek_id="k1", kek=KEK, document_id=DOC, owner_id=OWNER)
    parts = [encryptor.update(plaintext[i : i + chunk]) for i in range(0, len(plaintext), chunk)]
    ciphertext = b"".join(parts) + encryptor.finish()
    pieces = [ciphertext[i : i + chunk] for i in range(0, len(ciphertext), chunk)]
    out = b"".join(decrypt_chunks(pieces, keys=KEYS, document_id=DOC, owner_id=OWNER))
    assert out == plaintext


def test_fresh_key_salt_and_nonce_per_document():
    a, b = seal(b"same"), seal(b"same")
    assert a != b
    assert crypto.parse_header(a).wrapped_key != crypto.parse_header(b).wrapped_key


def _header_len():
    return crypto.header_size("k1")


@pytest.mark.parametrize("segments", [1, 2, 3])
def test_truncation_at_a_segment_boundary_is_detected(segments):
    plaintext = os.urandom(4 * SEGMENT_SIZE)
    ciphertext = seal(plaintext)
    cut = _header_len() + segments * CIPHERTEXT_SEGMENT_SIZE
    with pytest.raises(VaultCryptoError):
        unseal(ciphertext[:cut])


@pytest.mark.parametrize("cut", [1, 10, 100, CIPHERTEXT_SEGMENT_SIZE + 5, -1, -16, -17])
def test_truncation_between_segment_boundaries_is_detected(cut):
    ciphertext = seal(os.urandom(3 * SEGMENT_SIZE))
    end = _header_len() + cut if cut > 0 else len(ciphertext) + cut
    with pytest.raises(VaultCryptoError):
        unseal(ciphertext[:end])


def test_truncated_header_and_empty_object_are_detected():
    ciphertext = seal(b"")
    for end in (0, 3, 5, _header_len() - 1, _header_len(), _header_len() + 15):
        with pytest.raises(VaultCryptoError):
            unseal(ciphertext[:end])


def test_every_header_bit_flip_is_detected():
    ciphertext = seal(os.urandom(100))
    for byte in range(_header_len()):
        for bit in (0, 7):
            tampered = bytearray(ciphertext)
            tampered[byte] ^= 1 << bit
            with pytest.raises(VaultCryptoError):
                unseal(bytes(tampered))


@pytest.mark.parametrize("offset", [0, 1, SEGMENT_SIZE // 2, CIPHERTEXT_SEGMENT_SIZE - 1])
@pytest.mark.parametrize("segment", [0, 1, 2])
def test_flipped_bit_in_body_is_detected(offset, segment):
    ciphertext = bytearray(seal(os.urandom(2 * SEGMENT_SIZE + 200)))
    position = _header_len() + segment * CIPHERTEXT_SEGMENT_SIZE + offset
    position = min(position, len(ciphertext) - 1)
    ciphertext[position] ^= 0x01
    with pytest.raises(VaultCryptoError):
        unseal(bytes(ciphertext))


def test_flipped_bit_never_yields_the_bad_segment():
    plaintext = os.urandom(3 * SEGMENT_SIZE + 1)
    ciphertext = bytearray(seal(plaintext))
    ciphertext[_header_len() + CIPHERTEXT_SEGMENT_SIZE + 9] ^= 0x80
    pieces = [bytes(ciphertext[i : i + 4096]) for i in range(0, len(ciphertext), 4096)]
    received: list[bytes] = []
    stream = decrypt_chunks(pieces, keys=KEYS, document_id=DOC, owner_id=OWNER)
    with pytest.raises(VaultCryptoError):
        received.extend(stream)
    assert b"".join(received) == plaintext[:SEGMENT_SIZE]


def test_swapped_segments_are_detected():
    ciphertext = seal(os.urandom(3 * SEGMENT_SIZE + 10))
    h, s = _header_len(), CIPHERTEXT_SEGMENT_SIZE
    first, second = ciphertext[h : h + s], ciphertext[h + s : h + 2 * s]
    swapped = ciphertext[:h] + second + first + ciphertext[h + 2 * s :]
    with pytest.raises(VaultCryptoError):
        unseal(swapped)


def test_dropped_middle_segment_is_detected():
    ciphertext = seal(os.urandom(3 * SEGMENT_SIZE + 10))
    h, s = _header_len(), CIPHERTEXT_SEGMENT_SIZE
    with pytest.raises(VaultCryptoError):
        unseal(ciphertext[: h + s] + ciphertext[h + 2 * s :])


def test_segment_moved_between_documents_is_detected():
    a = seal(os.urandom(2 * SEGMENT_SIZE + 1))
    b = seal(os.urandom(2 * SEGMENT_SIZE + 1), doc=OTHER_DOC)
    h, s = _header_len(), CIPHERTEXT_SEGMENT_SIZE
    mixed = a[: h + s] + b[h + s : h + 2 * s] + a[h + 2 * s :]
    with pytest.raises(VaultCryptoError):
        unseal(mixed)


def test_file_swapped_between_two_documents_is_detected():
    ciphertext = seal(b"attestation d'assurance")
    with pytest.raises(VaultCryptoError):
        unseal(ciphertext, doc=OTHER_DOC)


def test_file_swapped_between_two_owners_is_detected():
    ciphertext = seal(b"diplome")
    with pytest.raises(VaultCryptoError):
        unseal(ciphertext, owner=OWNER + 1)


def test_wrong_kek_is_detected():
    ciphertext = seal(b"contrat")
    with pytest.raises(VaultCryptoError):
        unseal(ciphertext, keys={"k1": OTHER_KEK})


def test_unknown_kek_is_reported():
    ciphertext = seal(b"contrat")
    with pytest.raises(crypto.UnknownKeyError):
        unseal(ciphertext, keys={"k2": KEK})


def test_appended_data_is_detected():
    ciphertext = seal(os.urandom(SEGMENT_SIZE))
    with pytest.raises(VaultCryptoError):
        unseal(ciphertext + b"\x00" * 16)


def test_rewrap_header_keeps_content_readable_under_new_kek():
    plaintext = os.urandom(SEGMENT_SIZE + 3)
    ciphertext = seal(plaintext)
    keys = {"k1": KEK, "k2": OTHER_KEK}
    new_header = crypto.rewrap_header(ciphertext, keys=keys, kek_id="k2")
    rewrapped = new_header + ciphertext[_header_len() :]
    assert crypto.parse_header(rewrapped).kek_id == "k2"
    assert unseal(rewrapped, keys={"k2": OTHER_KEK}) == plaintext


def test_kek_ids_are_validated():
    with pytest.raises(ValueError, match="KEK id"):
        crypto.Encryptor(kek_id="bad id!", kek=KEK, document_id=DOC, owner_id=OWNER)


def test_pieces_come_one_segment_at_a_time_both_ways():
    plaintext = os.urandom(5 * SEGMENT_SIZE + 123)
    encryptor = crypto.Encryptor(kek_id="k1", kek=KEK, document_id=DOC, owner_id=OWNER)
    pieces = [*encryptor.pieces(plaintext[:100]), *encryptor.pieces(plaintext[100:])]
    header, *segments = pieces
    assert header == encryptor.header.to_bytes()
    # The segment holding the end is sealed by finish(), once the last flag is known.
    assert [len(piece) for piece in segments] == [CIPHERTEXT_SEGMENT_SIZE] * 5
    ciphertext = b"".join(pieces) + encryptor.finish()
    assert unseal(ciphertext) == plaintext

    decryptor = crypto.Decryptor(keys=KEYS, document_id=DOC, owner_id=OWNER)
    step = 1024 * 1024
    opened = [
        piece
        for start in range(0, len(ciphertext), step)
        for piece in decryptor.pieces(ciphertext[start : start + step])
    ]
    assert [len(piece) for piece in opened] == [SEGMENT_SIZE] * 5
    assert b"".join(opened) + decryptor.finish() == plaintext


def test_decryptor_pieces_stop_at_a_tampered_segment():
    plaintext = os.urandom(4 * SEGMENT_SIZE)
    ciphertext = bytearray(seal(plaintext))
    ciphertext[-2 * CIPHERTEXT_SEGMENT_SIZE] ^= 1  # inside the third segment
    decryptor = crypto.Decryptor(keys=KEYS, document_id=DOC, owner_id=OWNER)
    pieces = decryptor.pieces(bytes(ciphertext))
    opened = [next(pieces), next(pieces)]
    with pytest.raises(VaultCryptoError, match="segment 2"):
        next(pieces)
    assert opened == [plaintext[:SEGMENT_SIZE], plaintext[SEGMENT_SIZE : 2 * SEGMENT_SIZE]]


def _as_version_1(ciphertext: bytes) -> bytes:
    header = crypto.parse_header(ciphertext)
    old = crypto.Header(
        header.kek_id, header.wrapped_key, header.salt, header.nonce_prefix, version=1
    )
    return old.to_bytes() + ciphertext[header.size :]


def test_version_1_objects_stay_readable():
    plaintext = os.urandom(SEGMENT_SIZE + 9)
    old = _as_version_1(seal(plaintext))
    assert old[4] == 1
    assert len(old) == len(seal(plaintext)) - 3  # no provider byte, no length field
    assert crypto.parse_header(old).version == 1
    assert unseal(old) == plaintext
    # Rotation rewrites only the header, as version 2.
    new = crypto.rewrap_header(old, keys={**KEYS, "k2": OTHER_KEK}, kek_id="k2")
    header = crypto.parse_header(new)
    assert (header.version, header.provider, header.kek_id) == (2, "local", "k2")
    body = old[crypto.parse_header(old).size :]
    assert unseal(new + body, keys={"k2": OTHER_KEK}) == plaintext


def test_version_2_header_names_its_provider_and_holds_any_wrapped_key():
    header = crypto.Header("kms1", os.urandom(184), os.urandom(32), os.urandom(7), provider="kms")
    data = header.to_bytes()
    assert data[:7] == b"OMVF\x02\x02\x04"
    assert len(data) == header.size == crypto.header_size("kms1", 184)
    assert crypto.parse_header(data + b"segments") == header
    with pytest.raises(crypto.UnknownKeyError, match="kms key provider"):
        crypto.local_unwrap(KEYS)(header)


def test_an_unknown_provider_or_wrapped_key_length_is_refused():
    ciphertext = seal(b"x")
    for position, value in ((5, 9), (5, 0), (9, 0xFF), (10, 0)):
        tampered = bytearray(ciphertext)
        tampered[position] = value
        with pytest.raises(VaultCryptoError):
            unseal(bytes(tampered))
    with pytest.raises(ValueError, match="wrapped key"):
        crypto.Header("k1", b"", bytes(32), bytes(7)).to_bytes()
