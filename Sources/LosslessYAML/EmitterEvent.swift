/// One event of the emitter's input (libyaml's event stream) with go-yaml v3 comments.
struct EmitterEvent {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case mappingStart, mappingEnd, sequenceStart, sequenceEnd, scalar
    }

    var kind: Kind
    var flow = false
    /// Scalars: the text, the requested style, and the tag (empty: implicit).
    var value: [UInt8] = []
    var style: YAMLScalarStyle = .plain
    var tag: [UInt8] = []
    var headComment: [UInt8] = []
    var lineComment: [UInt8] = []
    var footComment: [UInt8] = []
    var tailComment: [UInt8] = []

    init(_ kind: Kind) { self.kind = kind }
}
