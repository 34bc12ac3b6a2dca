# Sourced by the gateway-side load scripts (gateway-load.sh, hold-load.sh, mcp-load.sh, scaleout-load.sh): the pieces of setting up a
# local stack that they share, so a change to how a connection is registered is made once.

# A free TCP port on loopback, picked at random in 20000-59999 (nginx needs a port before it starts).
free_port() {
  local port
  while :; do
    port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000 ))
    if ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then echo "$port"; return; fi
  done
}

# register_echo_connection GATEWAY_URL API_URL NAMESPACE OWNER_TOKEN UPSTREAM_PORT [EXTRA_JSON_FIELDS]
# The `echo` service in the control plane with a service API key, and the gateway connection `echo` to the upstream on
# UPSTREAM_PORT with a bearer credential (EXTRA_JSON_FIELDS, e.g. '"hold_seconds":120', are added to the connection).
# Admin changes need the token the gateway generated (ADR 0020), like the owner token.
register_echo_connection() {
  local gw="$1" api="$2" ns="$3" token="$4" up_port="$5" extra="${6:+,$6}"
  curl -fsS -X POST -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    "$api/v1/namespaces/$ns/services" -d '{"slug":"echo"}' >/dev/null
  local service_key admin_header
  service_key=$(curl -fsS -X POST -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    "$api/v1/namespaces/$ns/services/echo/keys" -d '{}' | jq -r .key)
  admin_header="X-Sigilum-Admin-Token: $(cat "$SIGILUM_HOME/gateway/admin.token")"
  curl -fsS -X POST -H "$admin_header" -H 'content-type: application/json' "$gw/api/admin/connections" \
    -d "{\"id\":\"echo\",\"name\":\"Echo\",\"base_url\":\"http://127.0.0.1:$up_port\",\"auth_mode\":\"bearer\",\"auth_secret_key\":\"api_key\",\"secrets\":{\"api_key\":\"sk-bench-secret\"}$extra}" >/dev/null
  curl -fsS -X PUT -H "$admin_header" -H 'content-type: application/json' "$gw/api/admin/service-api-keys/echo" \
    -d "{\"key\":\"$service_key\"}" >/dev/null
}

# build_load_tool WORK_DIR
# Builds the load tool (Release) and lets the `sigilum` launcher rebuild the CLI when src/ changed; sets load_dll.
# The build log goes to WORK_DIR/build.log and is shown only when the build fails.
build_load_tool() {
  log "building Release (Sigilum.Load, Sigilum.Cli)"
  dotnet build "$root/benchmarks/Sigilum.Load/Sigilum.Load.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly >"$1/build.log" 2>&1 \
    || { cat "$1/build.log" >&2; exit 70; }
  "$root/sigilum" --help >/dev/null
  load_dll="$root/artifacts/bin/Sigilum.Load/release/Sigilum.Load.dll"
}

# nginx_conf_head DIR
# The top of an nginx.conf that any user can run with `nginx -c`: one worker, pid, error log and every temp path in
# DIR, access log off; it ends inside the open `http {` block, so the caller prints its servers and the closing brace.
nginx_conf_head() {
  cat <<CONF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $1/body;
  proxy_temp_path $1/proxy;
  fastcgi_temp_path $1/fastcgi;
  uwsgi_temp_path $1/uwsgi;
  scgi_temp_path $1/scgi;
CONF
}
