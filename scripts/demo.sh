#!/usr/bin/env bash
# The demo: sets up everything (tools, Docker engine, offline images), brings a kind
# cluster up, installs escron with a seed-like backup job scheduled every minute, waits
# for the CronJob controller to run it, and shows the completed Job and its log.
# The cluster (escron-demo) is kept: make clean deletes it.
#
# usage: scripts/demo.sh
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

cluster=escron-demo
namespace=escron-demo
release=backup
start=$ESCRON_START

# The first screen: what this run will build, with what each step took cold on 2 cores
# (scripts/cold-times.tsv), or that everything is cached.
{
  "$ROOT/scripts/tools.sh" --plan demo
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 || echo "build docker"
  [ "${ESCRON_NODE_IMAGE:-offline}" != offline ] || "$ROOT/scripts/images/build-images.sh" --plan
  echo "build cluster"
} | awk '!seen[$2]++' >"${TMPDIR:-/tmp}/escron-demo-plan.$$"
print_plan "make demo" "${TMPDIR:-/tmp}/escron-demo-plan.$$" demo-total
rm -f "${TMPDIR:-/tmp}/escron-demo-plan.$$"

# Sets HAVE_DOCKER, NODE_IMAGE, JOB_IMAGE and JOB_IMAGE_ARCHIVE from ESCRON_NODE_IMAGE.
CLUSTER_ENTRY=demo
# shellcheck source=scripts/cluster-prereqs.sh
. "$ROOT/scripts/cluster-prereqs.sh"
[ "$HAVE_DOCKER" = true ] || die "the demo needs a Docker engine: run it as root on Debian (scripts/docker-up.sh installs docker.io), or start Docker"
kubeconfig="$CACHE/$cluster.kubeconfig"
export KUBECONFIG="$kubeconfig"

if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  log "reusing kind cluster $cluster"
  kind export kubeconfig --name "$cluster" --kubeconfig "$kubeconfig" >/dev/null
else
  log "creating kind cluster $cluster (node image $NODE_IMAGE)"
  timed "kind create cluster" kind create cluster --name "$cluster" --config "$ROOT/ci/kind-config.yaml" \
    --image "$NODE_IMAGE" --kubeconfig "$kubeconfig" --wait 5m
fi
if [ -n "$JOB_IMAGE_ARCHIVE" ]; then
  timed "job image loaded into the node" kind load image-archive "$JOB_IMAGE_ARCHIVE" --name "$cluster"
fi

log "namespace $namespace (Pod Security Standards: restricted)"
kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl label namespace "$namespace" --overwrite pod-security.kubernetes.io/enforce=restricted >/dev/null

log "helm install $release (schedule: every minute)"
helm upgrade --install "$release" "$ROOT/charts/escron" --namespace "$namespace" \
  --values "$ROOT/scripts/demo/values.yaml" \
  --set mainContainer.image="${JOB_IMAGE%:*}" --set-string mainContainer.tag="${JOB_IMAGE##*:}"
installed=$(date +%s)

cronjob=$release-escron
log "waiting for the CronJob controller to schedule a Job (at the next minute boundary)"
job=""
for _ in $(seq 90); do
  job=$(kubectl -n "$namespace" get jobs -o jsonpath="{range .items[?(@.metadata.ownerReferences[0].name=='$cronjob')]}{.metadata.creationTimestamp}{' '}{.metadata.name}{'\n'}{end}" \
    | sort | tail -n1 | cut -d' ' -f2)
  [ -n "$job" ] && break
  printf '.' >&2
  sleep 2
done
printf '\n' >&2
[ -n "$job" ] || die "no Job scheduled within 180 s: kubectl -n $namespace describe cronjob $cronjob"
step "scheduled Job: $job"
kubectl -n "$namespace" wait --for=condition=complete "job/$job" --timeout=180s >/dev/null \
  || { kubectl -n "$namespace" describe "job/$job" >&2; die "Job $job did not complete"; }
step "install to Job complete: $(( $(date +%s) - installed )) s"

log "the CronJob and its Jobs"
kubectl -n "$namespace" get cronjob,jobs -l "app.kubernetes.io/instance=$release"
log "log of Job $job"
kubectl -n "$namespace" logs "job/$job"
log "demo done in $(( $(date +%s) - start )) s; the cluster stays up (KUBECONFIG=$kubeconfig), make clean deletes it"
