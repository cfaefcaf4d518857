import SystemPackage
import TextEncoding

/// Writes content to git as maximum-size data packets while it is produced, without building
/// the whole packet list (`PktLine.packets(for:)`) in memory.
struct PktLineWriter {
    private let output: FileDescriptor
    /// The packet being filled: four length digits, then up to `PktLine.maximumPayload` bytes.
    private var packet: [UInt8] = [0x30, 0x30, 0x30, 0x30]

    init(_ output: FileDescriptor) {
        self.output = output
        packet.reserveCapacity(PktLine.headerLength + PktLine.maximumPayload)
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws(FilterProtocolError) {
        var offset = 0
        while offset < bytes.count {
            let n = min(PktLine.maximumPayload - (packet.count - PktLine.headerLength), bytes.count - offset)
            packet.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
            offset += n
            if packet.count - PktLine.headerLength == PktLine.maximumPayload { try emit() }
        }
    }

    /// Sends the last, partly filled packet (not a flush).
    mutating func finish() throws(FilterProtocolError) {
        if packet.count > PktLine.headerLength { try emit() }
    }

    private mutating func emit() throws(FilterProtocolError) {
        for (i, shift) in [12, 8, 4, 0].enumerated() { packet[i] = Hex.digits[(packet.count >> shift) & 0xf] }
        try DescriptorIO.write(output, packet)
        packet.removeSubrange(PktLine.headerLength...)
    }
}
