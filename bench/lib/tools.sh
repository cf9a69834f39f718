# Sourced by the bench scripts: installs from Debian the commands named as arguments that are missing, each
# given as `command` or `command:package`.
install_missing() {
  local missing=() tool
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
  done
  if ((${#missing[@]})); then
    apt-get update -q && apt-get install -y -q "${missing[@]}"
  fi
}
