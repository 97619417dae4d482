"""``bulletin serve``: a local web studio for a folder of issues.

The content file in an editor beside its pages, rebuilt on every save; photos dragged
onto the page are copied into the folder. The server listens on 127.0.0.1 only and
touches no file outside the folder (see ``studio`` and ``app`` for how).
"""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path

from ..errors import BulletinError
from .studio import Studio

DEFAULT_PORT = 8765
PORTS_TRIED = 20  # the default port taken (a second studio): the next free one is used

__all__ = ["DEFAULT_PORT", "serve"]


def serve(folder: Path, port: int | None = None, open_browser: bool = True) -> None:
    """Serve the studio for ``folder`` on 127.0.0.1 until Ctrl+C.

    ``port`` None is 8765, or the next free port if another program (a second studio)
    has it; a port the user asked for is that port or an error. 0 takes any free port."""
    from .app import StudioServer  # the web framework only when serving

    if not Path(folder).is_dir():
        raise BulletinError(f"{folder} is not a folder", "give the folder of your issue files")
    studio = Studio(Path(folder))
    ports = range(DEFAULT_PORT, DEFAULT_PORT + PORTS_TRIED) if port is None else [port]
    server, error = None, None
    for candidate in ports:
        try:
            server = StudioServer(studio, candidate)
            break
        except OSError as e:
            error = e
    if server is None:
        reason = error.strerror if error is not None else "no port"
        raise BulletinError(f"port {ports[0]} is in use by another program ({reason})",
                            "choose another with --port, e.g. --port 8800")
    print(f"社区报工作室已打开：{server.url}")
    print(f"文件夹：{studio.root}")
    print("在浏览器里打开上面的地址；关闭工作室请按 Ctrl+C。")
    print(f"bulletin studio: {server.url} (Ctrl+C to stop)", flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(server.url,)).start()
    server.run()
