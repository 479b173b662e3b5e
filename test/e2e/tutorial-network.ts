/**
 * The tutorial's network, built through `@aws-sdk/client-ec2`: a VPC with a public subnet (public
 * addresses on launch, default route to an internet gateway) and a private subnet (default route
 * to a NAT gateway in the public subnet), a web security group open on 22 and 443 from anywhere,
 * and one instance in each subnet.
 */
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeRouteTablesCommand,
  type EC2Client,
  ModifySubnetAttributeCommand,
  RunInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilNatGatewayAvailable,
} from "@aws-sdk/client-ec2";

export interface TutorialNetwork {
  readonly vpc: string;
  readonly publicSubnet: string;
  readonly privateSubnet: string;
  readonly igw: string;
  readonly nat: string;
  readonly mainRouteTable: string;
  readonly privateRouteTable: string;
  readonly webGroup: string;
  readonly publicInstance: string;
  readonly privateInstance: string;
}

export async function buildTutorialNetwork(ec2: EC2Client): Promise<TutorialNetwork> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, zone: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: zone }))).Subnet!
      .SubnetId!;
  const publicSubnet = await subnet("10.0.1.0/24", "us-east-1a");
  const privateSubnet = await subnet("10.0.3.0/24", "us-east-1a");
  await ec2.send(
    new ModifySubnetAttributeCommand({ SubnetId: publicSubnet, MapPublicIpOnLaunch: { Value: true } }),
  );
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const mainRouteTable = (
    await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [
          { Name: "vpc-id", Values: [vpc] },
          { Name: "association.main", Values: ["true"] },
        ],
      }),
    )
  ).RouteTables![0]!.RouteTableId!;
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: mainRouteTable,
      DestinationCidrBlock: "0.0.0.0/0",
      GatewayId: igw,
    }),
  );

  const allocation = (await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }))).AllocationId!;
  const nat = (
    await ec2.send(new CreateNatGatewayCommand({ SubnetId: publicSubnet, AllocationId: allocation }))
  ).NatGateway!.NatGatewayId!;
  await waitUntilNatGatewayAvailable({ client: ec2, maxWaitTime: 10, minDelay: 1 }, { NatGatewayIds: [nat] });
  const privateRouteTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!
    .RouteTableId!;
  await ec2.send(
    new AssociateRouteTableCommand({ RouteTableId: privateRouteTable, SubnetId: privateSubnet }),
  );
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: privateRouteTable,
      DestinationCidrBlock: "0.0.0.0/0",
      NatGatewayId: nat,
    }),
  );

  const webGroup = (
    await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: "web", Description: "web" }))
  ).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: webGroup,
      IpPermissions: [22, 443].map((port) => ({
        IpProtocol: "tcp",
        FromPort: port,
        ToPort: port,
        IpRanges: [{ CidrIp: "0.0.0.0/0" }],
      })),
    }),
  );

  const ami = (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images![0]!.ImageId!;
  const launch = async (subnetId: string) =>
    (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: ami,
          InstanceType: "t3.micro",
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnetId,
          SecurityGroupIds: [webGroup],
        }),
      )
    ).Instances![0]!.InstanceId!;
  const publicInstance = await launch(publicSubnet);
  const privateInstance = await launch(privateSubnet);
  await waitUntilInstanceRunning(
    { client: ec2, maxWaitTime: 10, minDelay: 1 },
    { InstanceIds: [publicInstance, privateInstance] },
  );
  return {
    vpc,
    publicSubnet,
    privateSubnet,
    igw,
    nat,
    mainRouteTable,
    privateRouteTable,
    webGroup,
    publicInstance,
    privateInstance,
  };
}
