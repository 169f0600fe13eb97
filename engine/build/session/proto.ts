// The messages a BuildKit session speaks for file sync: fsutil's Packet and Stat, and the gRPC
// health check the daemon polls to keep the session alive. Text copied from the upstream
// definitions and parsed at runtime with protobufjs, so field numbers and types stay theirs.
//
// Source: https://github.com/tonistiigi/fsutil/blob/master/types/wire.proto
//         https://github.com/tonistiigi/fsutil/blob/master/types/stat.proto
//         https://github.com/grpc/grpc/blob/master/src/proto/grpc/health/v1/health.proto
// Copyright The fsutil Authors (tonistiigi/fsutil, MIT License) and gRPC authors (Apache-2.0).
// Changes: vtproto options and imports removed (they only steer Go code generation).
import * as protobuf from 'protobufjs';

const FSUTIL_TYPES_PROTO = `
syntax = "proto3";

package fsutil.types;

message Stat {
	bytes path = 1; // string in fsutil: the same wire type; bytes let a name that is not UTF-8 through unchanged, as Go sends it
	uint32 mode = 2;
	uint32 uid = 3;
	uint32 gid = 4;
	int64 size = 5;
	int64 modTime = 6;
	// int32 typeflag = 7;
	bytes linkname = 7; // likewise
	int64 devmajor = 8;
	int64 devminor = 9;
	map<string, bytes> xattrs = 10;
}

message Packet {
	enum PacketType {
		PACKET_STAT = 0;
		PACKET_REQ = 1;
		PACKET_DATA = 2;
		PACKET_FIN = 3;
		PACKET_ERR = 4;
		PACKET_HASH_REQ = 5;
		PACKET_HASH = 6;
	}
	PacketType type = 1;
	Stat stat = 2;
	uint32 ID = 3;
	bytes data = 4;
}
`;

const GRPC_HEALTH_PROTO = `
syntax = "proto3";

package grpc.health.v1;

message HealthCheckRequest {
  string service = 1;
}

message HealthCheckResponse {
  enum ServingStatus {
    UNKNOWN = 0;
    SERVING = 1;
    NOT_SERVING = 2;
    SERVICE_UNKNOWN = 3;
  }
  ServingStatus status = 1;
}
`;

export const PacketType = { STAT: 0, REQ: 1, DATA: 2, FIN: 3, ERR: 4 } as const;

/** An int64 as protobufjs writes it without the `long` package: two unsigned 32-bit halves. */
export interface Int64Bits {
  low: number;
  high: number;
}

export interface WireStat {
  /** Exact bytes of the name (Go strings are bytes). */
  path: Buffer;
  mode: number;
  uid: number;
  gid: number;
  size: number | Int64Bits;
  modTime: number | Int64Bits;
  linkname: Buffer;
  devmajor?: number;
  devminor?: number;
}

export interface WirePacket {
  type: number;
  stat?: WireStat | null;
  ID: number;
  data: Uint8Array;
}

export function int64Bits(value: bigint): Int64Bits {
  const unsigned = BigInt.asUintN(64, value);
  return { low: Number(unsigned & 0xffffffffn), high: Number(unsigned >> 32n) };
}

interface SessionTypes {
  packet: protobuf.Type;
  healthRequest: protobuf.Type;
  healthResponse: protobuf.Type;
}

let types: SessionTypes | undefined;

export function sessionTypes(): SessionTypes {
  if (!types) {
    const root = new protobuf.Root();
    protobuf.parse(FSUTIL_TYPES_PROTO, root, { keepCase: true });
    protobuf.parse(GRPC_HEALTH_PROTO, root, { keepCase: true });
    types = {
      packet: root.lookupType('fsutil.types.Packet'),
      healthRequest: root.lookupType('grpc.health.v1.HealthCheckRequest'),
      healthResponse: root.lookupType('grpc.health.v1.HealthCheckResponse'),
    };
  }
  return types;
}

export function encodePacket(packet: Partial<WirePacket> & { type: number }): Buffer {
  const bytes = sessionTypes().packet.encode(packet).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The decoded message itself (proto3 defaults sit on its prototype); only REQ, FIN and ERR arrive. */
export function decodePacket(bytes: Uint8Array): WirePacket {
  const packet = sessionTypes().packet.decode(bytes) as unknown as WirePacket;
  // protobufjs' default for absent bytes is an empty array, not a Buffer.
  if (!(packet.data instanceof Uint8Array)) packet.data = Buffer.alloc(0);
  return packet;
}
