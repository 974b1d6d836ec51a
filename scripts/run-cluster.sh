#!/usr/bin/env bash
# run-cluster.sh: three breachd nodes on this machine's loopback, each
# embedding a NATS server routed to the others': one leads, two stand by.
# Data under ./data/cluster/node-N; APIs on 127.0.0.1:8081-8083, NATS
# clients on 4231-4233, routes on 6231-6233. Ctrl-C stops all three.
# Extra arguments go to every node. See docs/ha.md.
set -euo pipefail

root=${CLUSTER_DIR:-./data/cluster}
bin=$root/bin/breachd
mkdir -p "$root/bin"
go build -o "$bin" ./cmd/breachd

# The three nodes share one set of NATS identities and the route
# password (docs/operators.md, "Cluster"): made once, then copied to each
# node before its first start.
if [ ! -f "$root/shared/nats/route.password" ]; then
	"$bin" nats-identities --data-dir "$root/shared"
fi

routes=nats-route://127.0.0.1:6231,nats-route://127.0.0.1:6232,nats-route://127.0.0.1:6233
pids=()
stop() {
	kill "${pids[@]}" 2>/dev/null || true
	wait
}
trap stop INT TERM EXIT
for n in 1 2 3; do
	dir=$root/node-$n
	if [ ! -d "$dir/nats" ]; then
		mkdir -p "$dir"
		chmod 700 "$dir"
		cp -a "$root/shared/nats" "$dir/nats"
	fi
	"$bin" --data-dir "$dir" --nats-server-name "node-$n" \
		--http-addr "127.0.0.1:808$n" --nats-listen "127.0.0.1:423$n" \
		--nats-cluster-listen "127.0.0.1:623$n" --nats-routes "$routes" \
		--stream-replicas 3 --example-actuator "$@" > >(sed -u "s/^/node-$n | /") 2>&1 &
	pids+=($!)
done
echo "three nodes starting: http://127.0.0.1:8081 8082 8083; who leads: go run ./cmd/breachctl --server http://127.0.0.1:8081 cluster status"
wait
