"""Writes the official OTLP trace .proto definitions as a FileDescriptorSet, for protoc.

The pip package opentelemetry-proto (in the venv tools/setup.sh makes) carries each .proto file
of open-telemetry/opentelemetry-proto as its serialized FileDescriptorProto. protoc reads them
with --descriptor_set_in and generates the C++ classes the OTLP writer's fuzzer parses our bytes
with, so nothing is downloaded and the definitions are the ones MLflow's server decodes with.

usage: python dump_otlp_descriptors.py OUT.pb
"""
import sys

from google.protobuf import descriptor_pb2
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2


def add(file_descriptor, descriptor_set, seen):
    """Adds a file after the files it imports (protoc wants them in that order)."""
    if file_descriptor.name in seen:
        return
    seen.add(file_descriptor.name)
    for dependency in file_descriptor.dependencies:
        add(dependency, descriptor_set, seen)
    proto = descriptor_pb2.FileDescriptorProto()
    file_descriptor.CopyToProto(proto)
    descriptor_set.file.append(proto)


def main():
    descriptor_set = descriptor_pb2.FileDescriptorSet()
    add(trace_service_pb2.DESCRIPTOR, descriptor_set, set())
    with open(sys.argv[1], "wb") as out:
        out.write(descriptor_set.SerializeToString())


if __name__ == "__main__":
    main()
