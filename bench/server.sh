# Sourced by the benchmark scripts: a temporary work directory, the build
# tags, and a server that is stopped (and the directory removed) however the
# script ends. Set PORT before sourcing.
ADDR=127.0.0.1:$PORT
TAGS=${TAGS-libsqlite3}
GO_TAGS=()
[[ -n $TAGS ]] && GO_TAGS=(-tags "$TAGS")

work=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench.XXXXXX")
server_pid=
cleanup() {
	if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
