"""Whether a learner's exercise file can be read as Python at all, before a worker tries."""
import os
import stat

FILE_SIZE_LIMIT = 1 * 2**20   # an exercise file larger than this is not a learner's code


def file_problem(path, display_path):
    """Why the file at ``path`` cannot be a learner's Python file, or None if it can."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return f"{display_path} does not exist"
    except OSError as error:
        return f"{display_path} cannot be read: {error.strerror}"
    if not stat.S_ISREG(mode):
        what = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
        return f"{display_path} is {what}, not a Python file"
    try:
        with open(path, "rb") as file:
            # no more than the file holds: read(n) sets aside n bytes first, and a
            # megabyte set aside for every file of every student adds up
            size = min(os.fstat(file.fileno()).st_size, FILE_SIZE_LIMIT)
            data = file.read(size + 1)
    except OSError as error:
        return f"{display_path} cannot be read: {error.strerror}"
    if len(data) > FILE_SIZE_LIMIT:
        return f"{display_path} is larger than {FILE_SIZE_LIMIT // 2**20} MB: not an exercise file"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"{display_path} is saved as UTF-16; save it as UTF-8, which Python reads"
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        return (f"{display_path} holds a null byte on line {line}: is it saved in another "
                f"encoding, or not a text file? Save it as UTF-8 text")
    return None
