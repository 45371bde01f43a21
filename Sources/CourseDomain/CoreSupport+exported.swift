// The domain's ports speak `WallClock` and its models keep microsecond dates (both in CoreSupport): whoever
// imports the domain gets them too.
@_exported public import CoreSupport
