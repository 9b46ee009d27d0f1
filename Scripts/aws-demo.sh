#!/usr/bin/env bash
# make aws-demo: PD-1 of the demo peered in a local moto server (an EC2/STS look-alike), from
# `ready` to `routes-created`, then verified, and its reply draft with the real pcx- ID.
#
# moto makes its own IDs, so the demo's cluster VPC and the customer's VPC get new ones: the
# registry is imported with the cluster's moto VPC ID (and aws_profile northwind-prod), and PD-1's
# vpc_id is corrected by staff (peerdesk set), as support would after a phone call. Accounts,
# regions, CIDRs and the PeerRole ARN are the demo's own.
set -euo pipefail
BIN=${BIN:?BIN: the peerdesk binary}
DIR=${DIR:-.build/aws-demo}
rm -rf "$DIR" && mkdir -p "$DIR"
DB="$DIR/peerdesk.sqlite"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if command -v moto_server >/dev/null 2>&1; then
    moto_server -H 127.0.0.1 -p "$PORT" >"$DIR/moto.log" 2>&1 &
else
    python3 -m moto.server -H 127.0.0.1 -p "$PORT" >"$DIR/moto.log" 2>&1 &
fi
MOTO=$!
trap 'kill $MOTO 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/moto-api/" >/dev/null 2>&1 && break
    sleep 0.1
done

# Fake keys for moto's default account (123456789012: the demo customer's, by luck of the demo).
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=demo-customer AWS_SECRET_ACCESS_KEY=demo-customer
export AWS_SHARED_CREDENTIALS_FILE="$DIR/credentials" AWS_CONFIG_FILE="$DIR/config"
unset AWS_PROFILE AWS_SESSION_TOKEN
: >"$AWS_CONFIG_FILE"
aws() { command aws --output text "$@"; }

echo "moto on 127.0.0.1:$PORT"
echo "customer 123456789012: VPC 10.50.0.0/16 in us-east-1 and the PeerRole (Peer Owner IDs 406793422161)"
CUSTOMER_VPC=$(aws ec2 create-vpc --cidr-block 10.50.0.0/16 --query Vpc.VpcId)
aws iam create-role --role-name astro-peering-role-PeerRole-1XYZ --query Role.Arn --assume-role-policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::406793422161:root"},"Action":"sts:AssumeRole"}]}'

echo "cluster 406793422161 (northwind-prod): profile northwind-prod, VPC 10.10.0.0/20 + 10.40.0.0/20, two route tables"
read -r KEY SECRET TOKEN < <(aws sts assume-role --role-arn arn:aws:iam::406793422161:role/astro-support \
    --role-session-name demo-setup --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]')
printf '[northwind-prod]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n' \
    "$KEY" "$SECRET" "$TOKEN" >"$AWS_SHARED_CREDENTIALS_FILE"
cluster() { aws --profile northwind-prod "$@"; }
CLUSTER_VPC=$(cluster ec2 create-vpc --cidr-block 10.10.0.0/20 --query Vpc.VpcId)
cluster ec2 associate-vpc-cidr-block --vpc-id "$CLUSTER_VPC" --cidr-block 10.40.0.0/20 >/dev/null
cluster ec2 create-route-table --vpc-id "$CLUSTER_VPC" --query RouteTable.RouteTableId

# The demo registry with the cluster's moto VPC and its profile.
awk -F, -v OFS=, -v vpc="$CLUSTER_VPC" 'NR == 1 { print $0, "aws_profile"; next }
    $1 == "cau29pc7zl4ht2dtcbslfpr1u" { $8 = vpc; print $0, "northwind-prod"; next } { print $0, "" }' \
    Data/demo/registry/clusters.csv >"$DIR/clusters.csv"

# The cluster account's credentials come from the profile (the registry's aws_profile) only.
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
run() { echo; echo "\$ peerdesk $*"; "$BIN" --db "$DB" "$@"; }
run registry import Data/demo/registry/organizations.csv "$DIR/clusters.csv" Data/demo/registry/peerings.csv
run ingest Data/demo/tickets >/dev/null
run set PD-1 vpc_id "$CUSTOMER_VPC" --by demo --note "moto made the customer's VPC ID"
run peering plan PD-1
run peering apply PD-1 --yes --by demo
run peering verify PD-1
run show PD-1
run reply PD-1
