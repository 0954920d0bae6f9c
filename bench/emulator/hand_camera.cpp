#include "hand_camera.h"

#include <string_view>

namespace swivel::bench {

namespace {

using State = HandCamera::State;

const std::string& stringTag(const model::Event& event, std::string_view name) {
    return std::get<std::string>(*event.tag(name));
}

// Entering a shooting state arms its timeout (swivelTimeout, focusTimeout,
// shotTimeout); leaving it disarms it, as the Swivel machine's `after` transitions do.
void enter(HandCamera& camera, State state) {
    camera.state = state;
    const bool timed = state == State::Swivel || state == State::Focus || state == State::TakePhoto;
    camera.armedTimer = timed ? camera.nextTimer++ : 0;
}

void downloadAndClassify(HandCamera& camera, const model::Event& event, std::vector<Command>& out) {
    camera.lastUID = stringTag(event, "UID");
    out.push_back({Command::Kind::Send,
                   "DownloadPhoto",
                   {{"UID", camera.lastUID}, {"Quality", std::string("Thumbnail")}}});
    out.push_back({Command::Kind::Call, "PhotoInterest", {{"UID", camera.lastUID}}});
}

} // namespace

void handStep(HandCamera& camera, const model::Event& event, std::vector<Command>& out) {
    const std::string& name = event.name;
    switch (camera.state) {
    case State::Idle:
        if (name == "Motion") {
            out.push_back({Command::Kind::Send, "Swivel", {{"Bearing", *event.tag("Bearing")}}});
            enter(camera, State::Swivel);
            return;
        }
        break;
    case State::Swivel:
        if (name == "MoveDone") {
            camera.focusTries = 1;
            out.push_back({Command::Kind::Send, "Focus", {}});
            enter(camera, State::Focus);
            return;
        }
        break;
    case State::Focus:
        if (name == "FocusDone") {
            out.push_back({Command::Kind::Send, "TakePhoto", {}});
            enter(camera, State::TakePhoto);
            return;
        }
        if (name == "FocusWarning") {
            if (camera.focusTries < 3) {
                ++camera.focusTries;
                out.push_back({Command::Kind::Send, "Focus", {}});
                enter(camera, State::Focus);
            } else {
                enter(camera, State::Idle);
            }
            return;
        }
        break;
    case State::TakePhoto:
        if (name == "NewIMG") {
            downloadAndClassify(camera, event, out);
            enter(camera, State::Idle);
            return;
        }
        break;
    case State::Off:
        return;
    }
    // The transitions of On, for whichever of its states is active.
    if (name == "NewIMG") {
        downloadAndClassify(camera, event, out);
    } else if (name == "Classified") {
        if (std::get<bool>(*event.tag("Interesting"))) {
            camera.fullUID = stringTag(event, "UID");
            out.push_back({Command::Kind::Send,
                           "DownloadPhoto",
                           {{"UID", camera.fullUID}, {"Quality", std::string("Full")}}});
        } else if (camera.dullUID.empty()) {
            camera.dullUID = stringTag(event, "UID");
        }
    }
}

} // namespace swivel::bench
