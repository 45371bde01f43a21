import CourseDomain
import Testing

@Suite("HLS playlist signer")
struct HLSPlaylistSignerTests {
    static func sign(_ key: String) -> String { "https://cdn.test/\(key)?Expires=9&Signature=s" }

    @Test func masterPlaylistPointsAtSignedMediaPlaylists() {
        let master = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-STREAM-INF:BANDWIDTH=2928000,RESOLUTION=1280x720,CODECS="avc1.640020,mp4a.40.2"
            720p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=928000,RESOLUTION=640x360
            ./360p/index.m3u8

            """
        let rewritten = HLSPlaylistSigner.rewrite(master, directory: "courses/c/assets/a/hls/t", sign: Self.sign)
        #expect(
            rewritten == """
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-STREAM-INF:BANDWIDTH=2928000,RESOLUTION=1280x720,CODECS="avc1.640020,mp4a.40.2"
                https://cdn.test/courses/c/assets/a/hls/t/720p/index.m3u8?Expires=9&Signature=s
                #EXT-X-STREAM-INF:BANDWIDTH=928000,RESOLUTION=640x360
                https://cdn.test/courses/c/assets/a/hls/t/360p/index.m3u8?Expires=9&Signature=s

                """)
    }

    @Test func mediaPlaylistSegmentsAndMapAreSigned() {
        let media = "#EXTM3U\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n#EXTINF:6.0,\r\nseg_00000.ts\r\n#EXT-X-ENDLIST\r\n"
        let rewritten = HLSPlaylistSigner.rewrite(media, directory: "p/720p", sign: Self.sign)
        #expect(
            rewritten
                == "#EXTM3U\n#EXT-X-MAP:URI=\"https://cdn.test/p/720p/init.mp4?Expires=9&Signature=s\"\n#EXTINF:6.0,\n"
                + "https://cdn.test/p/720p/seg_00000.ts?Expires=9&Signature=s\n#EXT-X-ENDLIST\n")
    }

    @Test func foreignAndEscapingURIsAreDropped() {
        let media = "#EXTM3U\n#EXTINF:6.0,\nhttps://evil.test/x.ts\n#EXTINF:6.0,\n../../../secret.ts\n/abs.ts\nok.ts\n"
        var signed: [String] = []
        let rewritten = HLSPlaylistSigner.rewrite(media, directory: "p/720p") { key in
            signed.append(key)
            return "S(\(key))"
        }
        #expect(signed == ["p/720p/ok.ts"])
        #expect(!rewritten.contains("evil") && !rewritten.contains("secret") && !rewritten.contains("abs"))
        #expect(rewritten.hasSuffix("S(p/720p/ok.ts)\n"))
    }

    @Test(arguments: [
        ("a.ts", "d/e", "d/e/a.ts"), ("./x/../a.ts", "d/e", "d/e/a.ts"), ("a.ts?v=1", "d", "d/a.ts"),
    ])
    func resolution(_ uri: String, _ directory: String, _ key: String) {
        var seen: String?
        _ = HLSPlaylistSigner.rewrite("\(uri)\n", directory: directory) { key in
            seen = key
            return key
        }
        #expect(seen == key)
    }

    @Test func directoryOfKey() {
        #expect(HLSPlaylistSigner.directory(ofKey: "a/b/master.m3u8") == "a/b")
        #expect(HLSPlaylistSigner.directory(ofKey: "master.m3u8") == "")
    }
}
