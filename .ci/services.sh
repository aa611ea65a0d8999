# Throwaway services for the test suite, on spare loopback ports, gone when the run ends.
# Sourced by .ci/run; also usable by hand: `source .ci/services.sh && start_postgres && start_redis`.

_services_dir=""

_spare_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_as_postgres() {
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
    local bin port
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    _services_dir="$(mktemp -d /tmp/schedlink-ci.XXXXXX)"
    chmod 755 "$_services_dir"
    [ "$(id -u)" = "0" ] && chown postgres "$_services_dir"
    port="$(_spare_port)"
    _as_postgres "$bin/initdb" -D "$_services_dir/pg" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
    _as_postgres "$bin/pg_ctl" -D "$_services_dir/pg" -w -l "$_services_dir/pg.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $_services_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
    export SCHEDLINK_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    export SCHEDLINK_REQUIRE_POSTGRES=1
    echo "throwaway PostgreSQL on 127.0.0.1:$port"
}

start_redis() {
    local port
    [ -n "$_services_dir" ] || { _services_dir="$(mktemp -d /tmp/schedlink-ci.XXXXXX)"; chmod 755 "$_services_dir"; }
    port="$(_spare_port)"
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
        --pidfile "$_services_dir/redis.pid" --logfile "$_services_dir/redis.log" --dir "$_services_dir"
    for _ in $(seq 50); do
        redis-cli -p "$port" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    redis-cli -p "$port" ping >/dev/null
    export SCHEDLINK_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
    export SCHEDLINK_REQUIRE_REDIS=1
    echo "throwaway Redis on 127.0.0.1:$port"
}

stop_services() {
    [ -n "$_services_dir" ] || return 0
    if [ -f "$_services_dir/redis.pid" ]; then
        kill "$(cat "$_services_dir/redis.pid")" 2>/dev/null || true
    fi
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    if [ -d "$_services_dir/pg" ]; then
        _as_postgres "$bin/pg_ctl" -D "$_services_dir/pg" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$_services_dir"
}
