// The BuildKit status messages the daemon streams as `moby.buildkit.trace` (base64 protobuf).
// Text copied from moby/buildkit (the subset needed to decode StatusResponse), parsed at runtime
// with protobufjs so field numbers and types stay exactly the upstream ones.
//
// Source: https://github.com/moby/buildkit/blob/master/api/services/control/control.proto
//         https://github.com/moby/buildkit/blob/master/solver/pb/ops.proto (ProgressGroup,
//         SourceInfo, Range, Position)
//         https://github.com/protocolbuffers/protobuf/blob/main/src/google/protobuf/timestamp.proto
// Copyright The BuildKit Authors. Licensed under the Apache License, Version 2.0
// (http://www.apache.org/licenses/LICENSE-2.0). Timestamp: Copyright 2008 Google Inc.,
// BSD-3-Clause. Changes: gogoproto options removed (they only steer Go code generation);
// SourceInfo keeps its scalar fields (its `definition` field, an LLB graph, is skipped as unknown).

export const BUILDKIT_CONTROL_PROTO = `
syntax = "proto3";

package moby.buildkit.v1;

message StatusResponse {
	repeated Vertex vertexes = 1;
	repeated VertexStatus statuses = 2;
	repeated VertexLog logs = 3;
	repeated VertexWarning warnings = 4;
}

message Vertex {
	string digest = 1;
	repeated string inputs = 2;
	string name = 3;
	bool cached = 4;
	google.protobuf.Timestamp started = 5;
	google.protobuf.Timestamp completed = 6;
	string error = 7; // typed errors?
	pb.ProgressGroup progressGroup = 8;
}

message VertexStatus {
	string ID = 1;
	string vertex = 2;
	string name = 3;
	int64 current = 4;
	int64 total = 5;
	google.protobuf.Timestamp timestamp = 6;
	google.protobuf.Timestamp started = 7;
	google.protobuf.Timestamp completed = 8;
}

message VertexLog {
	string vertex = 1;
	google.protobuf.Timestamp timestamp = 2;
	int64 stream = 3;
	bytes msg = 4;
}

message VertexWarning {
	string vertex = 1;
	int64 level = 2;
	bytes short = 3;
	repeated bytes detail = 4;
	string url = 5;
	pb.SourceInfo info = 6;
	repeated pb.Range ranges = 7;
}
`;

export const BUILDKIT_OPS_PROTO = `
syntax = "proto3";

package pb;

message ProgressGroup {
	string id = 1;
	string name = 2;
	bool weak = 3;
}

// Source info contains the shared metadata of a source mapping
message SourceInfo {
	string filename = 1;
	bytes data = 2;
	string language = 4;
}

// Range is an area in the source file
message Range {
	Position start = 1;
	Position end = 2;
}

// Position is single location in a source file
message Position {
	int32 line = 1;
	int32 character = 2;
}
`;

export const GOOGLE_TIMESTAMP_PROTO = `
syntax = "proto3";

package google.protobuf;

message Timestamp {
  int64 seconds = 1;
  int32 nanos = 2;
}
`;
