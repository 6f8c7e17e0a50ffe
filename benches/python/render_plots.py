"""Renders compare's SVG plots to PNG, so that they can be looked at (and checked)
where no browser is at hand.

    python benches/python/render_plots.py [--scale S] [--out DIR] PATH..

Each PATH is an SVG file or a directory whose `*.svg` files are rendered; the PNG goes
next to its SVG (or into DIR). Needs CairoSVG (`pip install cairosvg`), which loads the
system's Cairo library (`libcairo2` on Debian/Ubuntu).
"""

import argparse
import sys
from pathlib import Path


def svgs(paths):
    """The SVG files named by `paths` (files, or directories to list), sorted."""
    found = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(p.glob("*.svg")))
        elif p.suffix == ".svg" and p.is_file():
            found.append(p)
        else:
            sys.exit(f"render_plots: {p} is neither an SVG file nor a directory")
    if not found:
        sys.exit(f"render_plots: no SVG files in {' '.join(paths)}")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="SVG files or directories of them")
    parser.add_argument("--out", help="directory for the PNGs (default: beside each SVG)")
    parser.add_argument("--scale", type=float, default=1.0, help="pixels per SVG unit")
    args = parser.parse_args()
    try:
        import cairosvg
    except (ImportError, OSError) as e:
        # OSError: the Python package is there but the Cairo library is not.
        sys.exit(
            f"render_plots: CairoSVG is not usable ({e}).\n"
            "Install it with `pip install cairosvg` (it needs the system's Cairo: "
            "`apt-get install libcairo2`)."
        )
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for svg in svgs(args.paths):
        png = (out or svg.parent) / (svg.stem + ".png")
        # The plots fill their own white background; the colour covers a bare SVG too.
        cairosvg.svg2png(
            url=str(svg), write_to=str(png), scale=args.scale, background_color="white"
        )
        print(png)


if __name__ == "__main__":
    main()
