/**
 * Every EC2 waiter of botocore that applies to what vpcsim implements, run unchanged by boto3
 * (Debian's python3-boto3) against a real server: the waiters' acceptors (`path`, `pathAll`,
 * `pathAny`, `status`, `error`) read our answers the way they read AWS's.
 *
 * Time is virtual: the server runs on a ManualClock and the script's `time.sleep` (what a waiter
 * calls between attempts) asks this test to move that clock instead of sleeping. Waiters keep their
 * acceptors and run with `Delay: 1` second, so each transition takes a known number of attempts
 * (a 3 s `pending` is seen at 0, 1 and 2 s and left at 3 s: 4 attempts), and a timeout takes
 * `MaxAttempts` attempts in no real time.
 */
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/model/clock.js";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, startTestServer } from "./support.js";

const clock = new ManualClock(Date.UTC(2026, 5, 1, 9, 0));
const TRANSITION_MS = 3000;
let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({
    clock,
    delays: {
      instancePendingMs: TRANSITION_MS,
      instanceStoppingMs: TRANSITION_MS,
      instanceShuttingDownMs: TRANSITION_MS,
      instanceStatusInitializingMs: TRANSITION_MS,
      natGatewayPendingMs: TRANSITION_MS,
      natGatewayDeletingMs: TRANSITION_MS,
      vpnConnectionPendingMs: TRANSITION_MS,
      vpnConnectionDeletingMs: TRANSITION_MS,
    },
  });
});
afterAll(async () => {
  await server.close();
});

/**
 * Prints `sleep <seconds>` and waits for a line on stdin for each waiter sleep, then one
 * `result <json>` line: waiter name (and case) → [outcome, attempts]. Outcomes: `success`,
 * `success on <error code>` (an error acceptor with state success), `failure on <expected>`
 * (a failure acceptor), `timeout` (MaxAttempts reached), `error <code>` (an error no acceptor
 * expects: the waiter stops at once, as it does against AWS).
 */
const SCRIPT = String.raw`
import json, re, sys, time
import boto3
from botocore.exceptions import WaiterError

def virtual_sleep(seconds):
    sys.stdout.write("sleep %s\n" % seconds)
    sys.stdout.flush()
    sys.stdin.readline()
time.sleep = virtual_sleep

ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id=sys.argv[2], aws_secret_access_key="x")
calls = []
ec2.meta.events.register("after-call.ec2", lambda parsed, **kw: calls.append(parsed))
out = {}

def wait(key, waiter, max_attempts=10, **params):
    calls.clear()
    try:
        ec2.get_waiter(waiter).wait(WaiterConfig={"Delay": 1, "MaxAttempts": max_attempts}, **params)
        code = calls[-1].get("Error", {}).get("Code")
        outcome = "success on " + code if code else "success"
    except WaiterError as e:
        reason = e.kwargs["reason"]
        if reason.startswith("Max attempts exceeded"):
            outcome = "timeout"
        elif reason.startswith("Waiter encountered a terminal failure state"):
            m = re.search(r'(?:path: "([^"]+)"|error code: (\S+))', reason)
            outcome = "failure on " + (m.group(1) or m.group(2))
        else:
            outcome = "error " + e.last_response["Error"]["Code"]
    out[key] = [outcome, len(calls)]

MISSING = {"vpc": "vpc-0123456789abcdef0", "subnet": "subnet-0123456789abcdef0",
           "instance": "i-0123456789abcdef0", "igw": "igw-0123456789abcdef0",
           "nat": "nat-0123456789abcdef0", "eni": "eni-0123456789abcdef0",
           "sg": "sg-0123456789abcdef0", "ami": "ami-0123456789abcdef0",
           "pcx": "pcx-0123456789abcdef0", "vpn": "vpn-0123456789abcdef0",
           "cgw": "cgw-0123456789abcdef0"}

# ---- VPCs and subnets ---------------------------------------------------------------------
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
peer_vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
wait("VpcAvailable", "vpc_available", VpcIds=[vpc])
wait("VpcAvailable missing", "vpc_available", VpcIds=[MISSING["vpc"]])
wait("VpcExists", "vpc_exists", VpcIds=[vpc])
wait("VpcExists missing", "vpc_exists", VpcIds=[MISSING["vpc"]])
wait("SubnetAvailable", "subnet_available", SubnetIds=[subnet])
wait("SubnetAvailable missing", "subnet_available", SubnetIds=[MISSING["subnet"]])

# ---- Images (the catalog of public AMIs) --------------------------------------------------
ami = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023.*-x86_64"]}])["Images"][0]["ImageId"]
wait("ImageAvailable", "image_available", ImageIds=[ami])
wait("ImageAvailable missing", "image_available", ImageIds=[MISSING["ami"]])
wait("ImageExists", "image_exists", ImageIds=[ami])
wait("ImageExists missing", "image_exists", ImageIds=[MISSING["ami"]])

# ---- Instances: two launched together, pending for 3 s ------------------------------------
def run(n):
    r = ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=n, MaxCount=n, SubnetId=subnet)
    return [i["InstanceId"] for i in r["Instances"]]
a, b = run(2)
wait("InstanceExists", "instance_exists", InstanceIds=[a, b])
wait("InstanceTerminated pending", "instance_terminated", InstanceIds=[a, b])
wait("InstanceStopped pending", "instance_stopped", InstanceIds=[a, b])
wait("InstanceRunning", "instance_running", InstanceIds=[a, b])
wait("InstanceStatusOk", "instance_status_ok", InstanceIds=[a, b])
wait("SystemStatusOk", "system_status_ok", InstanceIds=[a, b])
[c] = run(1)
# A pending instance is not in DescribeInstanceStatus (no IncludeAllInstances): the waiter retries.
wait("InstanceStatusOk pending", "instance_status_ok", InstanceIds=[c])
[d] = run(1)
wait("SystemStatusOk pending", "system_status_ok", InstanceIds=[d])
for key, waiter in [("InstanceExists", "instance_exists"), ("InstanceRunning", "instance_running"),
                    ("InstanceStatusOk", "instance_status_ok"), ("SystemStatusOk", "system_status_ok"),
                    ("InstanceStopped", "instance_stopped"), ("InstanceTerminated", "instance_terminated")]:
    wait(key + " missing", waiter, InstanceIds=[MISSING["instance"]])

ec2.stop_instances(InstanceIds=[b])
wait("InstanceRunning stopping", "instance_running", InstanceIds=[a, b])
wait("InstanceStopped", "instance_stopped", InstanceIds=[b])
wait("InstanceRunning stopped", "instance_running", InstanceIds=[b])
wait("InstanceStatusOk stopped", "instance_status_ok", InstanceIds=[b])
ec2.start_instances(InstanceIds=[b])
wait("InstanceStopped starting", "instance_stopped", InstanceIds=[b])

ec2.terminate_instances(InstanceIds=[a])
wait("InstanceRunning shutting-down", "instance_running", InstanceIds=[a])
wait("InstanceTerminated", "instance_terminated", InstanceIds=[a])
wait("InstanceRunning terminated", "instance_running", InstanceIds=[a])
wait("InstanceStopped terminated", "instance_stopped", InstanceIds=[a])
wait("InstanceExists terminated", "instance_exists", InstanceIds=[a])
# pathAll: one terminated and one running instance are not all terminated.
wait("InstanceTerminated one of two", "instance_terminated", InstanceIds=[a, c])

# ---- Network interfaces -------------------------------------------------------------------
eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
primary = ec2.describe_instances(InstanceIds=[c])["Reservations"][0]["Instances"][0]["NetworkInterfaces"][0]["NetworkInterfaceId"]
wait("NetworkInterfaceAvailable", "network_interface_available", NetworkInterfaceIds=[eni])
wait("NetworkInterfaceAvailable in-use", "network_interface_available", NetworkInterfaceIds=[primary])
wait("NetworkInterfaceAvailable missing", "network_interface_available", NetworkInterfaceIds=[MISSING["eni"]])

# ---- Internet gateways, key pairs, security groups ----------------------------------------
igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
wait("InternetGatewayExists", "internet_gateway_exists", InternetGatewayIds=[igw])
wait("InternetGatewayExists missing", "internet_gateway_exists", InternetGatewayIds=[MISSING["igw"]])
ec2.create_key_pair(KeyName="waiter-key")
wait("KeyPairExists", "key_pair_exists", KeyNames=["waiter-key"])
wait("KeyPairExists missing", "key_pair_exists", KeyNames=["no-such-key"])
sg = ec2.create_security_group(GroupName="waiter-sg", Description="waiters", VpcId=vpc)["GroupId"]
wait("SecurityGroupExists", "security_group_exists", GroupIds=[sg])
wait("SecurityGroupExists missing", "security_group_exists", GroupIds=[MISSING["sg"]])

# ---- NAT gateways -------------------------------------------------------------------------
nat = ec2.create_nat_gateway(SubnetId=subnet, ConnectivityType="private")["NatGateway"]["NatGatewayId"]
wait("NatGatewayAvailable", "nat_gateway_available", NatGatewayIds=[nat])
# A public NAT gateway in a VPC without an attached internet gateway goes pending → failed.
eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
failing = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip)["NatGateway"]["NatGatewayId"]
wait("NatGatewayAvailable failed", "nat_gateway_available", NatGatewayIds=[failing])
ec2.delete_nat_gateway(NatGatewayId=nat)
wait("NatGatewayAvailable deleting", "nat_gateway_available", NatGatewayIds=[nat])
wait("NatGatewayDeleted", "nat_gateway_deleted", NatGatewayIds=[nat])
wait("NatGatewayAvailable deleted", "nat_gateway_available", NatGatewayIds=[nat])
wait("NatGatewayAvailable missing", "nat_gateway_available", NatGatewayIds=[MISSING["nat"]])
wait("NatGatewayDeleted missing", "nat_gateway_deleted", NatGatewayIds=[MISSING["nat"]])

# ---- VPC peering --------------------------------------------------------------------------
pcx = ec2.create_vpc_peering_connection(VpcId=vpc, PeerVpcId=peer_vpc)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
wait("VpcPeeringConnectionExists", "vpc_peering_connection_exists", VpcPeeringConnectionIds=[pcx])
wait("VpcPeeringConnectionExists missing", "vpc_peering_connection_exists", VpcPeeringConnectionIds=[MISSING["pcx"]])
wait("VpcPeeringConnectionDeleted pending-acceptance", "vpc_peering_connection_deleted", VpcPeeringConnectionIds=[pcx])
ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
wait("VpcPeeringConnectionDeleted", "vpc_peering_connection_deleted", VpcPeeringConnectionIds=[pcx])
wait("VpcPeeringConnectionDeleted missing", "vpc_peering_connection_deleted", VpcPeeringConnectionIds=[MISSING["pcx"]])

# ---- Site-to-Site VPN ---------------------------------------------------------------------
cgw = ec2.create_customer_gateway(Type="ipsec.1", BgpAsn=65000, PublicIp="203.0.113.10")["CustomerGateway"]["CustomerGatewayId"]
wait("CustomerGatewayAvailable", "customer_gateway_available", CustomerGatewayIds=[cgw])
vgw = ec2.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]["VpnGatewayId"]
vpn = ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw, VpnGatewayId=vgw)["VpnConnection"]["VpnConnectionId"]
wait("VpnConnectionDeleted pending", "vpn_connection_deleted", VpnConnectionIds=[vpn])
wait("VpnConnectionAvailable", "vpn_connection_available", VpnConnectionIds=[vpn])
ec2.delete_vpn_connection(VpnConnectionId=vpn)
wait("VpnConnectionAvailable deleting", "vpn_connection_available", VpnConnectionIds=[vpn])
wait("VpnConnectionDeleted", "vpn_connection_deleted", VpnConnectionIds=[vpn])
wait("VpnConnectionAvailable deleted", "vpn_connection_available", VpnConnectionIds=[vpn])
wait("VpnConnectionAvailable missing", "vpn_connection_available", VpnConnectionIds=[MISSING["vpn"]])
wait("VpnConnectionDeleted missing", "vpn_connection_deleted", VpnConnectionIds=[MISSING["vpn"]])
ec2.delete_customer_gateway(CustomerGatewayId=cgw)
wait("CustomerGatewayAvailable deleted", "customer_gateway_available", CustomerGatewayIds=[cgw])
wait("CustomerGatewayAvailable missing", "customer_gateway_available", CustomerGatewayIds=[MISSING["cgw"]])

sys.stdout.write("result " + json.dumps(out) + "\n")
`;

/** Runs the script, moving the server's clock by each sleep it asks for; resolves to its result. */
function runScript(): Promise<{ result: Record<string, [string, number]>; slept: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/python3", ["-c", SCRIPT, server.endpoint, ACCOUNT], {
      env: {
        PATH: "/usr/bin:/bin",
        HOME: tmpdir(),
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      },
    });
    let stderr = "";
    let slept = 0;
    let result: Record<string, [string, number]> | undefined;
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("sleep ")) {
        const ms = Number(line.slice("sleep ".length)) * 1000;
        clock.advance(ms);
        slept += ms;
        child.stdin.write("\n");
      } else if (line.startsWith("result ")) {
        result = JSON.parse(line.slice("result ".length));
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 && result) resolve({ result, slept });
      else reject(new Error(`python3 exited with ${code}: ${stderr}`));
    });
  });
}

describe("EC2 waiters through boto3", () => {
  it("succeed, fail and time out on our answers as they do on AWS's", async () => {
    const { result, slept } = await runScript();
    // Attempts: 1 = the first poll decided; 4 = a 3 s transition polled every second; 10 = MaxAttempts.
    expect(result).toEqual({
      VpcAvailable: ["success", 1],
      // VpcAvailable has no acceptor for InvalidVpcID.NotFound: the waiter stops on the error.
      "VpcAvailable missing": ["error InvalidVpcID.NotFound", 1],
      VpcExists: ["success", 1],
      // VpcExists retries on InvalidVpcID.NotFound: an id that never appears times out.
      "VpcExists missing": ["timeout", 10],
      SubnetAvailable: ["success", 1],
      "SubnetAvailable missing": ["error InvalidSubnetID.NotFound", 1],

      ImageAvailable: ["success", 1],
      "ImageAvailable missing": ["error InvalidAMIID.NotFound", 1],
      ImageExists: ["success", 1],
      "ImageExists missing": ["timeout", 10],

      InstanceExists: ["success", 1],
      "InstanceTerminated pending": ["failure on pending", 1],
      "InstanceStopped pending": ["failure on pending", 1],
      InstanceRunning: ["success", 4],
      // Status checks are `initializing` for 3 s after the instance runs (seen at 3, 4 and 5 s), as on
      // AWS, where InstanceStatusOk and SystemStatusOk retry until they pass.
      InstanceStatusOk: ["success", 4],
      SystemStatusOk: ["success", 1],
      // Not described while pending (0–2 s), initializing while running (3–5 s), ok at 6 s.
      "InstanceStatusOk pending": ["success", 7],
      "SystemStatusOk pending": ["success", 7],
      "InstanceExists missing": ["timeout", 10],
      "InstanceRunning missing": ["timeout", 10],
      "InstanceStatusOk missing": ["timeout", 10],
      // SystemStatusOk, InstanceStopped and InstanceTerminated have no error acceptor.
      "SystemStatusOk missing": ["error InvalidInstanceID.NotFound", 1],
      "InstanceStopped missing": ["error InvalidInstanceID.NotFound", 1],
      "InstanceTerminated missing": ["error InvalidInstanceID.NotFound", 1],
      "InstanceRunning stopping": ["failure on stopping", 1],
      InstanceStopped: ["success", 4],
      // `stopped` is no failure state of InstanceRunning: it waits for a start that never comes.
      "InstanceRunning stopped": ["timeout", 10],
      // A stopped instance is not in DescribeInstanceStatus without IncludeAllInstances.
      "InstanceStatusOk stopped": ["timeout", 10],
      "InstanceStopped starting": ["failure on pending", 1],
      "InstanceRunning shutting-down": ["failure on shutting-down", 1],
      InstanceTerminated: ["success", 4],
      "InstanceRunning terminated": ["failure on terminated", 1],
      "InstanceStopped terminated": ["failure on terminated", 1],
      // Terminated instances stay visible for about an hour.
      "InstanceExists terminated": ["success", 1],
      "InstanceTerminated one of two": ["timeout", 10],

      NetworkInterfaceAvailable: ["success", 1],
      "NetworkInterfaceAvailable in-use": ["timeout", 10],
      "NetworkInterfaceAvailable missing": ["failure on InvalidNetworkInterfaceID.NotFound", 1],

      InternetGatewayExists: ["success", 1],
      // The waiter retries on `InvalidInternetGateway.NotFound`, a code AWS never sends: AWS answers
      // `InvalidInternetGatewayID.NotFound`, so against AWS too the waiter stops on the first error.
      "InternetGatewayExists missing": ["error InvalidInternetGatewayID.NotFound", 1],
      KeyPairExists: ["success", 1],
      "KeyPairExists missing": ["timeout", 10],
      SecurityGroupExists: ["success", 1],
      "SecurityGroupExists missing": ["timeout", 10],

      NatGatewayAvailable: ["success", 4],
      "NatGatewayAvailable failed": ["failure on failed", 4],
      "NatGatewayAvailable deleting": ["failure on deleting", 1],
      NatGatewayDeleted: ["success", 4],
      "NatGatewayAvailable deleted": ["failure on deleted", 1],
      "NatGatewayAvailable missing": ["timeout", 10],
      "NatGatewayDeleted missing": ["success on NatGatewayNotFound", 1],

      VpcPeeringConnectionExists: ["success", 1],
      "VpcPeeringConnectionExists missing": ["timeout", 10],
      "VpcPeeringConnectionDeleted pending-acceptance": ["timeout", 10],
      VpcPeeringConnectionDeleted: ["success", 1],
      "VpcPeeringConnectionDeleted missing": ["success on InvalidVpcPeeringConnectionID.NotFound", 1],

      CustomerGatewayAvailable: ["success", 1],
      "VpnConnectionDeleted pending": ["failure on pending", 1],
      VpnConnectionAvailable: ["success", 4],
      "VpnConnectionAvailable deleting": ["failure on deleting", 1],
      VpnConnectionDeleted: ["success", 4],
      "VpnConnectionAvailable deleted": ["failure on deleted", 1],
      "VpnConnectionAvailable missing": ["error InvalidVpnConnectionID.NotFound", 1],
      "VpnConnectionDeleted missing": ["error InvalidVpnConnectionID.NotFound", 1],
      "CustomerGatewayAvailable deleted": ["failure on deleted", 1],
      "CustomerGatewayAvailable missing": ["error InvalidCustomerGatewayID.NotFound", 1],
    });
    // Each waiter slept Delay (1 s) between attempts, on the server's clock only.
    const attempts = Object.values(result).reduce((sum, [, n]) => sum + n - 1, 0);
    expect(slept).toBe(attempts * 1000);
  });
});
