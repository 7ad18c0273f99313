# Sourced by test.sh: Debian packages the tests drive for real (headless Chromium for the UI tests,
# espeak-ng for the voice tests, the PostgreSQL server for the team-storage tests, which start a
# throwaway cluster of their own: Debian keeps initdb and pg_ctl in /usr/lib/postgresql/<version>/bin,
# off PATH, and the package's own cluster is not used). Nothing is compiled: every Python package, the
# local model's llama.cpp server (xllamacpp) included, installs from a prebuilt wheel.
# Installed only when missing, and only as root (CI and the dev machines run as root).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)  # voice tests speak their test audio
{ command -v initdb && command -v pg_ctl; } >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null ||
  need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "note: missing system packages (${need[*]}); tests that need them will be skipped" >&2
  fi
fi
