import Foundation
import FeedwatchModel

extension Configuration {
    /// The volume settings of `topic` (by name): its own keys, else the `notify:` defaults; a topic not
    /// configured gets immediate delivery without a cap.
    public func volume(for topic: String) -> TopicVolume {
        guard let definition = topics.first(where: { $0.name == topic }) else {
            return TopicVolume(batchWindow: notify.batchWindow, maxPerHour: notify.maxPerHour)
        }
        let own = notify.topicVolumes[topic]
        return TopicVolume(
            delivery: definition.delivery, batchWindow: own?.batchWindow ?? notify.batchWindow,
            maxPerHour: own?.maxPerHour ?? notify.maxPerHour)
    }
}
