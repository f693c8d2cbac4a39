#!/usr/bin/env bash
# make demo: KB Q245211 from the failure to the fix, against the simulated cluster.
#   1. Without a checkpoint, an incremental backup after a failover fails (Event 8010).
#   2. terraform apply adds the registry checkpoint.
#   3. After a failover the incremental backup works.
#   4. An administrator removes the checkpoint out of band (Remove-ClusterCheckpoint on a
#      node): terraform plan -detailed-exitcode exits 2.
#   5. terraform apply repairs it.
# The simulator is stopped at the end, whatever happens.
set -euo pipefail

bin=${1:?usage: run.sh BIN_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/exchange-demo.XXXXXX")
sim_pid=""

cleanup() {
  if [[ -n "$sim_pid" ]] && kill -0 "$sim_pid" 2>/dev/null; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

say()  { printf '\n\033[1m== %s\033[0m\n' "$*"; }
note() { printf '   %s\n' "$*"; }

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port found" >&2; return 1
}

wsman_port=$(free_port)
control_port=$(free_port)
control="127.0.0.1:$control_port"
user="EXCHANGE\\tfadmin"
password="demo-$(date +%s)-$RANDOM"

say "Starting the simulated Exchange cluster (EXCLUSTER: NODE1, NODE2) on 127.0.0.1:$wsman_port"
# The password goes through the environment, never on a command line (ps would show it).
CLUSTERSIM_PASSWORD="$password" "$bin/clustersim" serve --listen "127.0.0.1:$wsman_port" \
  --control "$control" --username "$user" --https --ca-out "$work/ca.pem" \
  --auth basic,ntlm >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do
  [[ -s "$work/ca.pem" ]] && grep -q 'https://' "$work/sim.log" && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$work/sim.log"; echo "the simulator did not start"; exit 1; }
  sleep 0.1
done
note "$(head -n 1 "$work/sim.log")"

sim() { "$bin/clustersim" "$1" --control "$control" "${@:2}"; }

# Terraform finds the provider we just built through dev_overrides: no registry, no init.
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "exchange-tools/exchange" = "$bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export EXCHANGE_WINRM_HOST=127.0.0.1
export EXCHANGE_WINRM_PORT=$wsman_port
export EXCHANGE_WINRM_HTTPS=true
export EXCHANGE_WINRM_CA_CERT="$(cat "$work/ca.pem")"
export EXCHANGE_WINRM_USERNAME="$user"
export EXCHANGE_WINRM_PASSWORD="$password"
export EXCHANGE_WINRM_AUTH=ntlm
cp "$here/main.tf" "$work/main.tf"
tf() { terraform -chdir="$work" "$@"; }

say "1. The problem: no checkpoint, a failover, then an incremental backup"
note "Full backup on the node that owns the Exchange group (NODE1):"
sim backup --type normal
note "Failover: the Exchange group moves to NODE2."
sim move-group --group "Exchange Group" --node NODE2
note "Incremental backup on NODE2; the Backupinformation key exists only on NODE1:"
if sim backup --type incremental; then
  echo "unexpected: the incremental backup worked without a checkpoint"; exit 1
fi
note "That is Event ID 8010 of KB Q245211."

say "2. terraform apply: the checkpoint on Microsoft Exchange System Attendant"
tf apply -auto-approve -input=false

say "3. The same story with the checkpoint"
note "Full backup on NODE2, the owner now:"
sim backup --type normal
note "Failover back to NODE1; the Cluster service restores the checkpointed key there:"
sim move-group --group "Exchange Group" --node NODE1
note "Incremental backup on NODE1:"
sim backup --type incremental
note "It works: the key followed the group."

say "4. Drift: an administrator removes the checkpoint by hand, at NODE1's PowerShell console"
note "Get-ClusterCheckpoint shows the checkpoint Terraform set:"
sim powershell --node NODE1 --script "Get-ClusterCheckpoint -ResourceName 'Microsoft Exchange System Attendant'"
note "Remove-ClusterCheckpoint takes it away, out of band:"
sim powershell --node NODE1 --script "Get-ClusterCheckpoint -ResourceName 'Microsoft Exchange System Attendant' | Where-Object Name -eq 'SOFTWARE\Microsoft\Exchange\Backupinformation' | Remove-ClusterCheckpoint -Force; 'removed'"
set +e
tf plan -detailed-exitcode -input=false
rc=$?
set -e
if [[ $rc -ne 2 ]]; then echo "expected terraform plan -detailed-exitcode to exit 2, it exited $rc"; exit 1; fi
note "terraform plan -detailed-exitcode exited 2: CI would fail here and call for a human."

say "5. terraform apply repairs it"
tf apply -auto-approve -input=false
set +e
tf plan -detailed-exitcode -input=false >/dev/null
rc=$?
set -e
if [[ $rc -ne 0 ]]; then echo "expected a clean plan after the repair, got exit $rc"; exit 1; fi
note "terraform plan -detailed-exitcode exits 0 again: the cluster matches the code."

say "What the simulator counted"
sim stats
say "Demo done."
