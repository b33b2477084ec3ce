#!/usr/bin/env bash
# The Slurm deployment tested for real: a one-node cluster on this machine (munge,
# slurmctld and slurmd from Debian), a 4-task array of deploy/slurm/dossier-array.sbatch
# over a batch of fixture packages on one fresh shared cache, the merge job after it, and
# the merged report compared byte for byte with one run over the whole batch. The batch
# is the first SLURM_TEST_PACKAGES fixture packages (default 10: every shard gets some, and the OCR
# stays short; tests/nightly.rs already checks the whole fixture batch sharded).
#
#   deploy/slurm/ci-test.sh [path/to/dossier]      (as root; ./dev.sh slurm runs it)
#
# It changes the machine (writes /etc/slurm/slurm.conf, starts daemons): for CI and
# throwaway machines. The daemons are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DOSSIER=$(realpath "${1:-target/debug/dossier}")
AS_OF=2026-12-01
[ "$(id -u)" -eq 0 ] || { echo "run as root: it configures and starts a local Slurm" >&2; exit 2; }
[ -x "$DOSSIER" ] || { echo "no dossier binary at $DOSSIER (cargo build first)" >&2; exit 2; }

work=$(mktemp -d /tmp/dossier-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  scancel --quiet --full --user=root 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

host=$(hostname -s)
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
cat > /etc/slurm/slurm.conf <<CONF
# Written by dossier's deploy/slurm/ci-test.sh: a one-node test cluster.
ClusterName=dossier-ci
SlurmctldHost=$host
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
JobCompType=jobcomp/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=60 State=UP
CONF

chown munge:munge /run/munge
runuser -u munge -- /usr/sbin/munged --force
/usr/sbin/slurmctld -D >"$work/slurmctld.out" 2>&1 &
pids+=($!)
/usr/sbin/slurmd -D >"$work/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  if sinfo --noheader --states=idle 2>/dev/null | grep -q .; then break; fi
  sleep 1
done
sinfo --noheader --states=idle | grep -q . || {
  echo "the local Slurm did not come up:" >&2
  cat "$work"/slurm*.out "$work"/slurm*.log >&2 || true
  exit 1
}

batch=$work/batch
mkdir -p "$batch"
for pkg in $(ls "$ROOT/fixtures/packages" | head -n "${SLURM_TEST_PACKAGES:-10}"); do
  cp -r "$ROOT/fixtures/packages/$pkg" "$batch/"
done
chmod -R a+rX "$work"

start=$(date +%s)
export BATCH=$batch OUT=$work/reports CACHE=$work/cache DOSSIER AS_OF PARTS=4
array=$(sbatch --parsable --array=1-4 --chdir="$work" --export=ALL deploy/slurm/dossier-array.sbatch)
sbatch --wait --dependency="afterok:$array" --chdir="$work" --export=ALL \
  deploy/slurm/dossier-merge.sbatch >/dev/null || {
  echo "the Slurm jobs failed:" >&2
  sacct -j "$array" 2>/dev/null >&2 || true
  cat "$work"/*.log >&2 || true
  exit 1
}
elapsed=$(( $(date +%s) - start ))

code=0
"$DOSSIER" check "$BATCH" --format json -o "$work/single.json" --cache-dir "$CACHE" \
  --as-of "$AS_OF" --quiet || code=$?
[ "$code" -le 1 ] || { echo "the single run failed ($code)" >&2; exit 1; }
if ! cmp -s "$OUT/report.json" "$work/single.json"; then
  echo "the merged Slurm array report differs from one run over the batch:" >&2
  diff "$OUT/report.json" "$work/single.json" | head -40 >&2
  exit 1
fi
for k in 1 2 3 4; do
  [ -s "$OUT/part-$k.json" ] || { echo "part $k is missing" >&2; exit 1; }
done
echo "slurm: a 4-task array over $(ls "$BATCH" | wc -l) packages and its merge took ${elapsed}s; the merged report equals one run over the batch"
