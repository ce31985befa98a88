// The tag expression each cucumber profile selects with, in one place: cucumber.js builds its profiles from
// it; the support code and the reports read it to know what a run of a profile can select at all.
// The scale scenario (features/scale/, @scale: 1,000 RTM members, real time, ≈ 60 s alone) runs only in its
// own profile: in the others it would break the suite's 60 s goal.
'use strict';

const PROFILE_TAGS = {
  default: 'not @scale',
  serial: 'not @scale',
  realtime: 'not @scale',
  ci: 'not @scale',
  scale: '@scale',
};

module.exports = { PROFILE_TAGS };
