/// Everything on screen, pure: state, actions, update, layout, widgets, colour maps, Buffer.
import Recurrent
