// FeedwatchFetch: placeholder so the package builds; the stage's owner replaces this file.
enum FeedwatchFetchModule {}
