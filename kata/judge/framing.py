"""Messages on a channel: each one's length, then its bytes. No NumPy here.

The judge imports this before NumPy, so that it can start the fork server
first: the fork server's own import of NumPy then runs while the judge's does.
"""
import struct

OUTPUT_LIMIT = 4096            # characters of learner output kept per exercise
MESSAGE_LIMIT = 256 * 2**20    # a message larger than this is never sent, nor read
_FRAME = struct.Struct(">Q")   # the length of each message on a channel
HEADER_SIZE = _FRAME.size


class TooLarge(Exception):
    """A message over MESSAGE_LIMIT bytes: it is refused unread."""

    def __init__(self, size):
        super().__init__(f"a message of {size:,} bytes")
        self.size = size


def write_frame(stream, payload):
    """Write one message's bytes, length first, to a binary stream."""
    stream.write(_FRAME.pack(len(payload)) + payload)


def read_frame(stream):
    """Read one message's bytes; None at the end of the stream.

    Raises TooLarge for a length over MESSAGE_LIMIT, without reading the rest.
    """
    header = _read_exactly(stream, HEADER_SIZE)
    if header is None:
        return None
    payload = _read_exactly(stream, frame_size(header))
    if payload is None:
        raise EOFError("the stream ended inside a message")
    return payload


def frame_size(header):
    """The size of the message a frame's header announces; TooLarge past MESSAGE_LIMIT."""
    (size,) = _FRAME.unpack(header)
    if size > MESSAGE_LIMIT:
        raise TooLarge(size)
    return size


def _read_exactly(stream, size):
    chunks, wanted = [], size
    while wanted:
        chunk = stream.read(wanted)
        if not chunk:
            if wanted == size:
                return None
            raise EOFError("the stream ended inside a message")
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)
