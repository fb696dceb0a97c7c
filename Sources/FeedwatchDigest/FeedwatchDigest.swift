// FeedwatchDigest: placeholder so the package builds; the stage's owner replaces this file.
enum FeedwatchDigestModule {}
